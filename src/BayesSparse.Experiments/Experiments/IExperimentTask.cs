using BayesSparse.Text;
using static TorchSharp.torch;

namespace BayesSparse.Experiments;

/// <summary>What the runner needs of a task: its model, its batches and its quality metric.</summary>
public interface IExperimentTask : IDisposable
{
    /// <summary>The model.</summary>
    Models.ISequenceModel Model { get; }

    /// <summary>The vocabulary, saved beside the model.</summary>
    Vocabulary Vocabulary { get; }

    /// <summary>N_train of the ELBO: training examples (classifiers) or tokens (language models).</summary>
    long TrainSize { get; }

    /// <summary>accuracy, perplexity or bpc.</summary>
    string QualityName { get; }

    /// <summary>Whether a larger quality is better.</summary>
    bool HigherIsBetter { get; }

    /// <summary>Set on runs whose protocol differs from the paper's (the AGNews stand-in); null otherwise.</summary>
    string? ProtocolNote { get; }

    /// <summary>The data loss of each training batch of an epoch, in order; each call runs one forward pass.</summary>
    IEnumerable<Func<Tensor>> TrainBatches(Random random, int? maxBatches);

    /// <summary>Number of training batches per epoch (for progress).</summary>
    int BatchesPerEpoch(int? maxBatches);

    /// <summary>Quality on <c>valid</c> or <c>test</c> in eval mode.</summary>
    double Evaluate(string split);
}
