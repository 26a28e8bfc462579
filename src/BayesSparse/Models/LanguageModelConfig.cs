using BayesSparse.Inference;
using BayesSparse.NN;
using BayesSparse.NN.Recurrent;

namespace BayesSparse.Models;

/// <summary>Shape of the PTB char / word language model (docs/method.md, section 4).</summary>
/// <param name="VocabularySize">Symbols (50 char, 10,000 word).</param>
/// <param name="HiddenSize">LSTM width (1000 char, 256 word).</param>
/// <param name="Kind">Table 1 model.</param>
/// <param name="Noise">Training-mode sampling of the LSTM.</param>
/// <param name="ForgetBias">Initial forget bias (0 char, 1 word).</param>
/// <param name="OutputNoise">Noise of the SparseVD output layer (one sample per batch for the stateful word
/// model, as the authors).</param>
/// <param name="Options">SparseVD hyper-parameters of every layer; the defaults when null.</param>
/// <param name="GateActivation">σ of the LSTM's i, f and o gates.</param>
public sealed record LanguageModelConfig(long VocabularySize, long HiddenSize, ModelKind Kind,
    RecurrentNoise Noise = RecurrentNoise.Faithful, double ForgetBias = 1.0,
    LinearNoise OutputNoise = LinearNoise.OneSamplePerBatch, NN.SparseVDOptions? Options = null,
    GateActivation GateActivation = GateActivation.Sigmoid);
