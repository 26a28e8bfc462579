using BayesSparse.Inference;
using BayesSparse.NN.Recurrent;

namespace BayesSparse.Models;

/// <summary>Shape of the IMDb / AGNews classifier (docs/method.md, section 4).</summary>
/// <param name="VocabularySize">Words including pad, start and OOV.</param>
/// <param name="EmbeddingDim">Embedding width (300 in the paper).</param>
/// <param name="HiddenSize">LSTM width (128 IMDb, 512 AGNews).</param>
/// <param name="Classes">Output classes.</param>
/// <param name="Kind">Table 1 model.</param>
/// <param name="Noise">Training-mode sampling of the SparseVD layers.</param>
/// <param name="EmbeddingInitStd">Standard deviation of the embedding's normal initial means.</param>
/// <param name="Options">SparseVD hyper-parameters of every layer; the defaults when null.</param>
/// <param name="GateActivation">σ of the LSTM's i, f and o gates.</param>
public sealed record TextClassifierConfig(long VocabularySize, long EmbeddingDim, long HiddenSize, long Classes,
    ModelKind Kind, RecurrentNoise Noise = RecurrentNoise.Faithful, double EmbeddingInitStd = 1.0, NN.SparseVDOptions? Options = null,
    GateActivation GateActivation = GateActivation.Sigmoid);
