using BayesSparse.Data;
using BayesSparse.Inference;
using BayesSparse.Models;
using static TorchSharp.torch;

namespace BayesSparse.Experiments;

/// <summary><c>bayes-sparse export</c>: a run folder's model as the dense model's PyTorch state dict.</summary>
public static class RunPyTorchExport
{
    /// <summary>What was written.</summary>
    /// <param name="Weights">Weights in the file (biases included).</param>
    /// <param name="Nonzero">Of them, those that are not zero.</param>
    public sealed record Summary(long Weights, long Nonzero);

    /// <summary>
    /// Writes the weights <paramref name="run"/> computes with in eval mode (<see cref="TrainedRun.ReportedWeights"/>)
    /// in the dense model's shapes, every group variable folded in and every removed weight, neuron and gate row a
    /// zero, to <paramref name="path"/> (<see cref="PyTorchWeights.Save"/>): a PyTorch model of <c>nn.Embedding</c>
    /// (classifiers), <c>nn.LSTM</c> and <c>nn.Linear</c> loaded with it computes the run's eval outputs.
    /// </summary>
    /// <exception cref="DataException">A pruned run, or gates that <c>torch.nn.LSTM</c> does not compute (hard_sigmoid).</exception>
    public static Summary Save(TrainedRun run, string path)
    {
        if (run.Kind.IsPruned())
            throw new DataException(run.Folder, $"is a {run.Kind.Name()} run", "Export an original, w, wn or wgn run");
        if (run.Config.Model.GateActivation != GateActivation.Sigmoid)
            throw new DataException(run.Folder, "computes its gates with hard_sigmoid, which torch.nn.LSTM does not",
                "Export it as ONNX instead: bayes-sparse compress RUN --out MODEL.onnx");
        using var scope = NewDisposeScope();
        using var model = run.LoadModel(run.LoadVocabulary().Count);
        Dictionary<string, Tensor> weights;
        using (no_grad()) weights = TrainedWeights.Of(model);
        PyTorchWeights.Save(weights, path);
        return new Summary(weights.Values.Sum(w => w.numel()), weights.Values.Sum(w => w.count_nonzero().item<long>()));
    }
}
