// Sparsifies a model you already trained, with the BayesSparse package: README, "Sparsify a model you already trained".
using BayesSparse.Models;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;
using BayesSparse.Platform;
using BayesSparse.Sparsity;
using BayesSparse.Training;
using TorchSharp;
using static TorchSharp.torch;

MallocTuning.Apply();
manual_seed(1);

// Your trained layers (here freshly made; load your own weights instead).
var embedding = nn.Embedding(1000, 32);
var lstm = nn.LSTM(32, 64, batchFirst: true);
var head = nn.Linear(64, 2);

// Each becomes its SparseVD counterpart: trained weights as means, every z at 1, every weight at log alpha -4.
using var model = new Classifier(
    EmbeddingSVD.From(embedding, vocabularyZ: true),
    LstmSVD.From(lstm, SparsityGroups.Neurons | SparsityGroups.Gates, RecurrentNoise.Fast),
    LinearSVD.From(head));

// A few ELBO steps on a toy task (the label is whether token 7 occurs).
var tokens = randint(0, 1000, [64, 20]);
var labels = tokens.eq(7).any(1).to(ScalarType.Int64);
var elbo = new ElboLoss(trainSize: 64);
using var optimizer = new BayesSparse.Training.Adam(model.parameters(), 1e-2);
for (int step = 0; step < 30; step++)
{
    var result = TrainStep.Run(model, () => nn.functional.cross_entropy(model.forward(tokens), labels), optimizer, elbo, step, 5.0);
    if (step % 10 == 0) Console.WriteLine($"step {step}: loss {result.Loss:F1}");
}

model.eval();   // masked means: every weight and z with log alpha > 3 is exactly zero
var report = SparsityReport.Of(model);
Console.WriteLine($"compression {report.Compression:F2}x over {report.Weights.Count} weight matrices");

// And back into your dense layers: the eval weights with every z folded in and every removed weight a zero (nn.LSTM's
// two biases: the bias in bias_ih, zeros in bias_hh). PyTorchWeights.Save(dense, "m.safetensors") writes the same
// tensors for PyTorch when the layers are named as the paper's models name them (embedding, lstm, dense).
using (no_grad())
{
    var dense = TrainedWeights.Of(model);
    embedding.weight!.copy_(dense["embedding.weight"]);
    lstm.get_parameter("weight_ih_l0")!.copy_(dense["lstm.weight_ih"]);
    lstm.get_parameter("weight_hh_l0")!.copy_(dense["lstm.weight_hh"]);
    lstm.get_parameter("bias_ih_l0")!.copy_(dense["lstm.bias"]);
    lstm.get_parameter("bias_hh_l0")!.zero_();
    head.weight!.copy_(dense["head.weight"]);
    head.bias!.copy_(dense["head.bias"]);
}
using var denseModel = new DenseClassifier(embedding, lstm, head);
denseModel.eval();
float gap;
using (no_grad()) gap = (denseModel.forward(tokens) - model.forward(tokens)).abs().max().item<float>();
Console.WriteLine($"dense layers against the sparse model in eval mode: largest logit difference {gap:E1}");
return report.Weights.Count == 4 && gap < 1e-4 ? 0 : 1;

/// <summary>Your own model: any module whose children are SparseVD layers.</summary>
sealed class Classifier : nn.Module<Tensor, Tensor>
{
    private readonly EmbeddingSVD embedding;
    private readonly LstmSVD lstm;
    private readonly LinearSVD head;

    public Classifier(EmbeddingSVD embedding, LstmSVD lstm, LinearSVD head) : base(nameof(Classifier))
    {
        (this.embedding, this.lstm, this.head) = (embedding, lstm, head);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        var (output, _, _) = lstm.forward(embedding.forward(tokens));
        return head.forward(output.select(1, -1));
    }
}

/// <summary>Your dense model, as you trained it: the layers the sparse model started from, now holding its weights.</summary>
sealed class DenseClassifier : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Embedding embedding;
    private readonly TorchSharp.Modules.LSTM lstm;
    private readonly TorchSharp.Modules.Linear head;

    public DenseClassifier(TorchSharp.Modules.Embedding embedding, TorchSharp.Modules.LSTM lstm, TorchSharp.Modules.Linear head) : base(nameof(DenseClassifier))
    {
        (this.embedding, this.lstm, this.head) = (embedding, lstm, head);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        var (output, _, _) = lstm.forward(embedding.forward(tokens));
        return head.forward(output.select(1, -1));
    }
}
