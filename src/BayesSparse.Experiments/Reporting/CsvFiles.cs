using System.Globalization;
using BayesSparse.Inference;
using CsvHelper;
using CsvHelper.Configuration;

namespace BayesSparse.Reporting;

/// <summary>CSV reading and writing through CsvHelper, invariant culture, snake_case headers.</summary>
public static class CsvFiles
{
    private static CsvConfiguration Configuration => new(CultureInfo.InvariantCulture)
    {
        PrepareHeaderForMatch = args => args.Header.Replace("_", "").ToLowerInvariant(),
    };

    /// <summary>Writes <paramref name="rows"/> with a header, atomically (temp file, then rename).</summary>
    public static void Write<T>(string path, IEnumerable<T> rows) => WriteWith(path, csv =>
    {
        csv.Context.RegisterClassMap(SnakeCaseMap<T>.Instance);
        csv.WriteRecords(rows);
    });

    /// <summary>
    /// Writes a table whose columns are known only at run time (<paramref name="header"/>, then each row's fields in
    /// that order), atomically as <see cref="Write{T}"/>; numbers in invariant culture.
    /// </summary>
    public static void WriteFields(string path, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<object>> rows) => WriteWith(path, csv =>
    {
        foreach (var name in header) csv.WriteField(name);
        csv.NextRecord();
        foreach (var row in rows)
        {
            if (row.Count != header.Count) throw new ArgumentException($"a row of {row.Count} fields under a header of {header.Count}");
            foreach (var field in row) csv.WriteField(field);
            csv.NextRecord();
        }
    });

    /// <summary>Creates the file's folder and writes the file whole or not at all through a CsvHelper writer.</summary>
    private static void WriteWith(string path, Action<CsvWriter> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            using var csv = new CsvWriter(writer, Configuration);
            write(csv);
        });
    }

    /// <summary>Reads rows written by <see cref="Write{T}"/>; a column added since takes its default.</summary>
    public static List<T> Read<T>(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, Configuration with { HeaderValidated = null, MissingFieldFound = null });
        csv.Context.RegisterClassMap(OptionalColumnsMap<T>.Instance);
        return csv.GetRecords<T>().ToList();
    }

    /// <summary>Maps every property to its snake_case name (<c>MsMedian</c> becomes <c>ms_median</c>).</summary>
    private sealed class SnakeCaseMap<T> : ClassMap<T>
    {
        public static readonly SnakeCaseMap<T> Instance = new();

        private SnakeCaseMap()
        {
            AutoMap(CultureInfo.InvariantCulture);
            foreach (var member in MemberMaps) member.Name(SnakeCase(member.Data.Member!.Name));
        }
    }

    /// <summary>Reads a record's constructor parameters by name; a parameter with a default value may be missing from the file.</summary>
    private sealed class OptionalColumnsMap<T> : ClassMap<T>
    {
        public static readonly OptionalColumnsMap<T> Instance = new();

        private OptionalColumnsMap()
        {
            AutoMap(CultureInfo.InvariantCulture);
            foreach (var parameter in ParameterMaps.Where(p => p.Data.Parameter.HasDefaultValue))
            {
                parameter.Optional();
                if (parameter.Data.Parameter.DefaultValue is { } value) parameter.Default(value);   // CsvHelper refuses a null default
            }
        }
    }

    /// <summary><c>MsMedian</c> to <c>ms_median</c> (the framework's snake-case policy, as the JSON files use).</summary>
    public static string SnakeCase(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);
}
