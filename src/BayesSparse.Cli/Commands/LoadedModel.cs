using BayesSparse.Data;
using BayesSparse.Inference;
using BayesSparse.Onnx;
using BayesSparse.Text;

namespace BayesSparse.Cli.Commands;

/// <summary>
/// A compressed model on the engine its file names: a .bsm file in plain .NET, an .onnx file on ONNX Runtime. A
/// classifier gives class probabilities; a language model continues text and scores lines.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private readonly OnnxSequenceModel? _onnx;
    private readonly CompressedModel? _model;
    private Vocabulary? _vocabulary;   // a language model's, built on first use

    private LoadedModel(OnnxSequenceModel? onnx, CompressedModel? model) => (_onnx, _model) = (onnx, model);

    /// <summary>Loads <paramref name="path"/> on the engine its ending names.</summary>
    public static LoadedModel From(string path) =>
        CompressCommand.IsOnnx(path) ? new(OnnxSequenceModel.Load(path), null) : new(null, CompressedModel.Load(path));

    /// <summary>The class names of a classifier; null for a language model.</summary>
    public IReadOnlyList<string>? Classes => _onnx is not null
        ? (_onnx.Kind == OnnxMetadata.Classifier ? _onnx.Classes : null)
        : (_model as CompressedTextClassifier)?.Classes;

    /// <summary>The vocabulary of a language model.</summary>
    private Vocabulary Vocabulary => _vocabulary ??= new Vocabulary(_onnx?.Words ?? _model!.Words);

    /// <summary>The class probabilities of each text (a classifier), in <see cref="Classes"/>' order.</summary>
    public double[][] Probabilities(IReadOnlyList<string> texts)
    {
        float[][] logits;
        if (_onnx is not null) logits = _onnx.Classify([.. texts.Select(_onnx.Encode)]);
        else
        {
            var classifier = (CompressedTextClassifier)_model!;
            logits = classifier.Forward([.. texts.Select(classifier.Encode)]);
        }
        return [.. logits.Select(Softmax)];
    }

    /// <summary>The greedy continuation of <paramref name="text"/> by <paramref name="count"/> symbols (a language model).</summary>
    public List<string> Continue(string text, int count)
    {
        var read = Reader();
        var logits = read(Ids(text))[^1];
        var words = new List<string>();
        for (int i = 0; i < count; i++)
        {
            int next = Array.IndexOf(logits, logits.Max());
            words.Add(Vocabulary.Words[next]);
            logits = read([next])[^1];
        }
        return words;
    }

    /// <summary>
    /// <paramref name="text"/> scored as one line of the model's text (a language model): read from a zero state after
    /// the end-of-line symbol, as lines follow one another in training, each symbol and then the line's end predicted
    /// from those before it. Returns the predictions made (symbols + 1) and their summed negative log-likelihood in nats.
    /// </summary>
    public (int Predictions, double Nats) Score(string text)
    {
        int end = Vocabulary.IdOf(PtbCorpus.EndOfSentence) ?? Vocabulary.IdOf(PtbCorpus.EndOfLine)
            ?? throw new ArgumentException("the model's vocabulary has no end-of-line symbol (<eos> or a line break) to score lines with");
        var ids = Ids(text);
        int[] input = [end, .. ids], targets = [.. ids, end];
        var steps = Reader()(input);
        return (targets.Length, -steps.Select((logits, t) => LogSoftmax(logits)[targets[t]]).Sum());
    }

    /// <summary>A fresh zero state and a function that reads ids from it, carries it, and returns the logits after each.</summary>
    private Func<int[], float[][]> Reader()
    {
        if (_onnx is not null)
        {
            var (h, c) = (new float[_onnx.Hidden], new float[_onnx.Hidden]);
            return tokens => [.. _onnx.Continue([tokens], h, c).Chunk(_onnx.Words.Count)];
        }
        var lm = (CompressedLanguageModel)_model!;
        var state = lm.NewState();
        return tokens =>
        {
            var logits = lm.Forward([tokens], state);
            return [.. Enumerable.Range(0, tokens.Length).Select(t => logits.At(0, t))];
        };
    }

    /// <summary>The ids of the space-separated symbols of <paramref name="text"/>; an unknown one is <c>&lt;unk&gt;</c> where the vocabulary has it.</summary>
    private int[] Ids(string text)
    {
        var unknown = Vocabulary.IdOf("<unk>");
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => Vocabulary.IdOf(w) ?? unknown ?? throw new ArgumentException($"'{w}' is not in the model's vocabulary")).ToArray();
        return tokens.Length > 0 ? tokens : throw new ArgumentException("the text is empty");
    }

    private static double[] Softmax(float[] logits) => [.. LogSoftmax(logits).Select(Math.Exp)];

    /// <summary>log p = v - log Σ exp v, the sum taken after subtracting the largest logit so that no exp overflows.</summary>
    private static double[] LogSoftmax(float[] logits)
    {
        double max = logits.Max();
        double logSum = max + Math.Log(logits.Sum(v => Math.Exp(v - max)));
        return [.. logits.Select(v => v - logSum)];
    }

    public void Dispose() => _onnx?.Dispose();
}
