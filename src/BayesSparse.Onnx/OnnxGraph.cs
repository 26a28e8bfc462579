using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace BayesSparse.Onnx;

/// <summary>
/// Builds one ONNX graph (the model's or a loop body): initializers, nodes whose outputs get fresh names, and typed
/// inputs and outputs. A body graph may read the initializers of the graph around it by name (ONNX outer scope).
/// </summary>
internal sealed class OnnxGraph(string name)
{
    private int _next;

    /// <summary>The graph's name; it prefixes every name the graph makes, so a body never shadows a name around it.</summary>
    public string Name => name;

    /// <summary>The graph built so far.</summary>
    public GraphProto Proto { get; } = new() { Name = name };

    /// <summary>A float32 initializer of shape <paramref name="dims"/> (row-major values); returns its name.</summary>
    public string Floats(string hint, ReadOnlySpan<float> values, params long[] dims) =>
        Initializer(hint, DataType.Float, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>An int64 initializer of shape <paramref name="dims"/>; returns its name.</summary>
    public string Longs(string hint, ReadOnlySpan<long> values, params long[] dims) =>
        Initializer(hint, DataType.Int64, MemoryMarshal.AsBytes(values), values.Length, dims);

    /// <summary>A bool initializer of shape <paramref name="dims"/>; returns its name.</summary>
    public string Bools(string hint, ReadOnlySpan<bool> values, params long[] dims) =>
        Initializer(hint, DataType.Bool, MemoryMarshal.AsBytes(values), values.Length, dims);

    private string Initializer(string hint, DataType type, ReadOnlySpan<byte> bytes, int count, long[] dims)
    {
        if (dims.Aggregate(1L, (a, d) => a * d) != count) throw new ArgumentException($"{count} values do not fill the shape of '{hint}'");
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("ONNX raw data is little-endian");
        var tensor = new TensorProto { Name = Fresh(hint), DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        Proto.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>A node with one output; returns the output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes) => Node(op, inputs, 1, attributes)[0];

    /// <summary>A node with <paramref name="outputs"/> outputs; returns their names.</summary>
    public string[] Node(string op, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Fresh(op) };
        node.Input.AddRange(inputs);
        for (int k = 0; k < outputs; k++) node.Output.Add(Fresh(op.ToLowerInvariant()));
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return [.. node.Output];
    }

    /// <summary>Renames the output of the last node that wrote <paramref name="value"/> (to give a graph output its public name).</summary>
    public void Rename(string value, string name)
    {
        var node = Proto.Node.Last(n => n.Output.Contains(value));
        node.Output[node.Output.IndexOf(value)] = name;
    }

    /// <summary>Declares a graph input or output of <paramref name="type"/>; a dimension is a size or a symbolic name.</summary>
    public void Declare(bool input, string name, DataType type, params object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d is string symbol ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        var value = new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
        (input ? Proto.Input : Proto.Output).Add(value);
    }

    private string Fresh(string hint) => $"{name}/{hint}_{_next++}";

    /// <summary>An integer attribute.</summary>
    public static AttributeProto Attribute(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    /// <summary>A float attribute.</summary>
    public static AttributeProto Attribute(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    /// <summary>A string attribute.</summary>
    public static AttributeProto Attribute(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>An integer-list attribute.</summary>
    public static AttributeProto Attribute(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.AddRange(values);
        return attribute;
    }

    /// <summary>A string-list attribute.</summary>
    public static AttributeProto Attribute(string name, params string[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Strings };
        attribute.Strings.AddRange(values.Select(ByteString.CopyFromUtf8));
        return attribute;
    }

    /// <summary>A graph attribute (a loop body).</summary>
    public static AttributeProto Attribute(string name, OnnxGraph body) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Graph, G = body.Proto };
}
