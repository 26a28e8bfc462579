using BayesSparse.Data;
using BayesSparse.Inference;
using BayesSparse.Onnx;

namespace BayesSparse.Cli.Commands;

/// <summary>
/// A compressed model on the engine its file names: a .bsm file in plain .NET, an .onnx file on ONNX Runtime. A
/// classifier gives class probabilities; a language model continues text and scores lines.
/// </summary>
internal sealed class LoadedModel : IDisposable
{
    private readonly OnnxSequenceModel? _onnx;
    private readonly CompressedModel? _model;
    private Dictionary<string, int>? _ids;   // the vocabulary's ids by symbol, built on first use

    private LoadedModel(OnnxSequenceModel? onnx, CompressedModel? model) => (_onnx, _model) = (onnx, model);

    /// <summary>Loads <paramref name="path"/> on the engine its ending names.</summary>
    public static LoadedModel From(string path) =>
        CompressCommand.IsOnnx(path) ? new(OnnxSequenceModel.Load(path), null) : new(null, CompressedModel.Load(path));

    /// <summary>The class names of a classifier; null for a language model.</summary>
    public IReadOnlyList<string>? Classes => _onnx is not null
        ? (_onnx.Kind == OnnxMetadata.Classifier ? _onnx.Classes : null)
        : (_model as CompressedTextClassifier)?.Classes;

    /// <summary>The vocabulary of a language model, by id.</summary>
    private IReadOnlyList<string> Words => _onnx?.Words ?? _model!.Words;

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
        var logits = read(Ids(text));
        var words = new List<string>();
        for (int i = 0; i < count; i++)
        {
            int next = Array.IndexOf(logits, logits.Max());
            words.Add(Words[next]);
            logits = read([next]);
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
        var vocabulary = Words;
        int end = IndexOf(vocabulary, PtbCorpus.EndOfSentence) ?? IndexOf(vocabulary, PtbCorpus.EndOfLine)
            ?? throw new ArgumentException("the model's vocabulary has no end-of-line symbol (<eos> or a line break) to score lines with");
        var ids = Ids(text);
        int[] input = [end, .. ids], targets = [.. ids, end];
        var steps = LogitsAfterEach(input);
        double nats = 0;
        for (int t = 0; t < input.Length; t++)
        {
            double max = steps[t].Max();
            nats += max + Math.Log(steps[t].Sum(v => Math.Exp(v - max))) - steps[t][targets[t]];
        }
        return (targets.Length, nats);
    }

    /// <summary>The logits after each of <paramref name="tokens"/>, read in one call from a zero state.</summary>
    private float[][] LogitsAfterEach(int[] tokens)
    {
        if (_onnx is not null)
        {
            var (h, c) = (new float[_onnx.Hidden], new float[_onnx.Hidden]);
            return [.. _onnx.Continue([tokens], h, c).Chunk(_onnx.Words.Count)];
        }
        var logits = ((CompressedLanguageModel)_model!).Forward([tokens]);
        return [.. Enumerable.Range(0, tokens.Length).Select(t => logits.At(0, t))];
    }

    /// <summary>A fresh zero state and a function that reads ids from it, carries it, and returns the logits after the last.</summary>
    private Func<int[], float[]> Reader()
    {
        if (_onnx is not null)
        {
            var (h, c) = (new float[_onnx.Hidden], new float[_onnx.Hidden]);
            return tokens => _onnx.Continue([tokens], h, c)[^_onnx.Words.Count..];
        }
        var lm = (CompressedLanguageModel)_model!;
        var state = lm.NewState();
        return tokens => lm.Forward([tokens], state).At(0, tokens.Length - 1);
    }

    /// <summary>The ids of the space-separated symbols of <paramref name="text"/>; an unknown one is <c>&lt;unk&gt;</c> where the vocabulary has it.</summary>
    private int[] Ids(string text)
    {
        var ids = _ids ??= Words.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i);
        var unknown = ids.GetValueOrDefault("<unk>", -1);
        var tokens = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => ids.TryGetValue(w, out var id) ? id : unknown >= 0 ? unknown : throw new ArgumentException($"'{w}' is not in the model's vocabulary")).ToArray();
        return tokens.Length > 0 ? tokens : throw new ArgumentException("the text is empty");
    }

    private static int? IndexOf(IReadOnlyList<string> vocabulary, string symbol)
    {
        for (int i = 0; i < vocabulary.Count; i++)
            if (vocabulary[i] == symbol) return i;
        return null;
    }

    private static double[] Softmax(float[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        double sum = e.Sum();
        return [.. e.Select(v => v / sum)];
    }

    public void Dispose() => _onnx?.Dispose();
}
