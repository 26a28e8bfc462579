using System.Collections;
using BayesSparse.Data;
using BayesSparse.Inference;
using BayesSparse.NN.Functional;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace BayesSparse.Models;

/// <summary>
/// A dense model's weights in PyTorch's files: read from a state dict saved with <c>torch.save(model.state_dict(), path)</c>
/// or a safetensors file, renamed to the names <see cref="TrainedWeights"/> uses; and written back the same way. The expected PyTorch model is the
/// paper's: an <c>nn.Embedding</c> (classifiers), a single-layer <c>nn.LSTM</c> and an <c>nn.Linear</c> on its
/// output, with the LSTM's two biases summed. Common layer names are accepted: embedding / embed / encoder,
/// lstm / rnn, dense / fc / linear / out / decoder / classifier; a leading <c>module.</c> or <c>model.</c> is dropped.
/// </summary>
public static class PyTorchWeights
{
    private static readonly Dictionary<string, string> Layers = new()
    {
        ["embedding"] = ModelLayers.Embedding, ["embed"] = ModelLayers.Embedding, ["encoder"] = ModelLayers.Embedding, ["embeddings"] = ModelLayers.Embedding,
        ["lstm"] = ModelLayers.Lstm, ["rnn"] = ModelLayers.Lstm,
        ["dense"] = ModelLayers.Output, ["fc"] = ModelLayers.Output, ["linear"] = ModelLayers.Output, ["out"] = ModelLayers.Output,
        ["decoder"] = ModelLayers.Output, ["classifier"] = ModelLayers.Output,
    };

    private static readonly Dictionary<string, string> LstmTensors = new()
    {
        ["weight_ih_l0"] = "weight_ih", ["weight_hh_l0"] = "weight_hh", ["weight_ih"] = "weight_ih", ["weight_hh"] = "weight_hh",
    };

    /// <summary>Reads <paramref name="path"/> (<c>.safetensors</c> by extension, else a <c>torch.save</c> zip file).</summary>
    /// <exception cref="DataException">An unreadable file, or tensors of unknown layers (one line).</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        Dictionary<string, Tensor> raw;
        try
        {
            raw = IsSafetensors(path)
                ? Safetensors.LoadStateDict(path, null)
                : PyTorchUnpickler.UnpickleStateDict(path).Cast<DictionaryEntry>()
                    .Where(e => e.Value is Tensor).ToDictionary(e => (string)e.Key, e => (Tensor)e.Value!);
        }
        catch (Exception e) when (e is not DataException)
        {
            throw new DataException(path, $"is not a readable PyTorch state dict or safetensors file ({e.Message.Split('\n')[0].TrimEnd('.')})",
                "Save it in Python with torch.save(model.state_dict(), path) or safetensors.torch.save_file");
        }
        return Rename(path, raw);
    }

    /// <summary>
    /// Writes <paramref name="weights"/> (names and shapes as <see cref="TrainedWeights.Of"/> gives them) as the state
    /// dict of the paper's dense model in <c>torch.nn</c>'s names: <c>embedding.weight</c> (classifiers),
    /// <c>lstm.weight_ih_l0</c>, <c>lstm.weight_hh_l0</c>, <c>lstm.bias_ih_l0</c> (the bias) and <c>lstm.bias_hh_l0</c>
    /// (zeros), <c>dense.weight</c>, <c>dense.bias</c>; float32 on the CPU. A <c>.safetensors</c> file by extension,
    /// else <c>torch.save</c>'s zip format, which <c>torch.load</c> reads; written whole or not at all. <see cref="Read"/>
    /// reads it back to the same tensors. Gate rows are in PyTorch's order (i, f, g, o), as this library keeps them.
    /// </summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> weights, string path)
    {
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>();
        foreach (var (key, tensor) in weights)
        {
            var value = tensor.detach().to(ScalarType.Float32, CPU).contiguous();
            if (key == ModelLayers.Key(ModelLayers.Lstm, "bias"))
            {
                state[ModelLayers.Key(ModelLayers.Lstm, "bias_ih_l0")] = value;
                state[ModelLayers.Key(ModelLayers.Lstm, "bias_hh_l0")] = zeros_like(value);
            }
            else state[key.StartsWith(ModelLayers.Key(ModelLayers.Lstm, "weight_"), StringComparison.Ordinal) ? key + "_l0" : key] = value;
        }
        AtomicFile.Write(path, stream =>
        {
            if (IsSafetensors(path)) Safetensors.SaveStateDict(stream, state, leaveOpen: true);
            else PyTorchPickler.PickleStateDict(stream, new Hashtable(state), leaveOpen: true);
        });
    }

    /// <summary>Whether <paramref name="path"/> names a safetensors file (by extension) rather than a <c>torch.save</c> one.</summary>
    private static bool IsSafetensors(string path) => path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, Tensor> Rename(string path, Dictionary<string, Tensor> raw)
    {
        var weights = new Dictionary<string, Tensor>();
        Tensor? biasIh = null, biasHh = null;
        foreach (var (key, tensor) in raw)
        {
            var name = key.StartsWith("module.", StringComparison.Ordinal) || key.StartsWith("model.", StringComparison.Ordinal) ? key[(key.IndexOf('.') + 1)..] : key;
            int dot = name.IndexOf('.');
            if (dot < 0 || !Layers.TryGetValue(name[..dot], out var layer))
                throw new DataException(path, $"holds '{key}', which is not a tensor of an embedding, LSTM or dense layer",
                    "Save only the model's state dict (layers named embedding, lstm, dense; see the README)");
            var tensorName = name[(dot + 1)..];
            if (layer != ModelLayers.Lstm) weights[ModelLayers.Key(layer, tensorName)] = tensor.to(ScalarType.Float32);
            else if (LstmTensors.TryGetValue(tensorName, out var ours)) weights[ModelLayers.Key(ModelLayers.Lstm, ours)] = tensor.to(ScalarType.Float32);
            else if (tensorName == "bias_ih_l0") biasIh = tensor.to(ScalarType.Float32);
            else if (tensorName == "bias_hh_l0") biasHh = tensor.to(ScalarType.Float32);
            else if (tensorName == "bias") weights[ModelLayers.Key(ModelLayers.Lstm, "bias")] = tensor.to(ScalarType.Float32);
            else throw new DataException(path, $"holds '{key}': only a single-layer, unidirectional LSTM converts", "Save a model with one LSTM layer");
        }
        if (biasIh is not null || biasHh is not null)
            weights[ModelLayers.Key(ModelLayers.Lstm, "bias")] = (biasIh, biasHh) switch
            {
                ({ } ih, { } hh) => ih.Plus(hh),
                ({ } ih, null) => ih,
                (null, { } hh) => hh,
                _ => throw new InvalidOperationException(),
            };
        return weights;
    }
}
