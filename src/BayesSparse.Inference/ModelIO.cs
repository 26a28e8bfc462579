using System.Runtime.InteropServices;

namespace BayesSparse.Inference;

/// <summary>Length-prefixed arrays in the compressed model file (little-endian, as written by <see cref="BinaryWriter"/>).</summary>
internal static class ModelIO
{
    /// <summary>Writes the length, then the raw values.</summary>
    public static void WriteArray<T>(BinaryWriter writer, T[] values) where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>Reads what <see cref="WriteArray{T}"/> wrote for floats; a NaN or infinite value is an error.</summary>
    public static float[] ReadFloats(BinaryReader reader)
    {
        var values = Read<float>(reader);
        int bad = Array.FindIndex(values, v => !float.IsFinite(v));
        if (bad >= 0) throw new InvalidDataException($"weight {bad} of an array of {values.Length} is {values[bad]}");
        return values;
    }

    /// <summary>Reads what <see cref="WriteArray{T}"/> wrote for ints.</summary>
    public static int[] ReadInts(BinaryReader reader) => Read<int>(reader);

    /// <summary>Writes a list of strings.</summary>
    public static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> values)
    {
        writer.Write(values.Count);
        foreach (var value in values) writer.Write(value);
    }

    /// <summary>Reads what <see cref="WriteStrings"/> wrote.</summary>
    public static string[] ReadStrings(BinaryReader reader)
    {
        int count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position) throw new InvalidDataException($"bad string count {count}");
        var values = new string[count];
        for (int i = 0; i < count; i++) values[i] = reader.ReadString();
        return values;
    }

    private static T[] Read<T>(BinaryReader reader) where T : unmanaged
    {
        int count = reader.ReadInt32(), size = Marshal.SizeOf<T>();
        if (count < 0 || (long)count * size > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new InvalidDataException($"bad array length {count}");
        var values = new T[count];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
