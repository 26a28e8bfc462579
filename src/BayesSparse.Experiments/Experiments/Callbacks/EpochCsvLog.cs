using BayesSparse.Reporting;

namespace BayesSparse.Experiments.Callbacks;

/// <summary>Writes <c>epochs.csv</c> (all rows so far) after every epoch.</summary>
public sealed class EpochCsvLog : IRunCallback
{
    /// <summary>The log file of a run folder.</summary>
    public static string PathIn(string outDir) => Path.Combine(outDir, "epochs.csv");

    /// <inheritdoc />
    public void OnEpochEnd(RunContext run, EpochLogRow row)
    {
        run.Log.Add(row);
        CsvFiles.Write(PathIn(run.OutDir), run.Log);
    }
}
