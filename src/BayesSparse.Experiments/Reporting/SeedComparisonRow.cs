namespace BayesSparse.Reporting;

/// <summary>One metric at one epoch of <see cref="SeedComparison"/>: set A (the runs) against set B.</summary>
/// <param name="Epoch">The epoch compared.</param>
/// <param name="Metric"><c>valid_quality</c> or <c>compression</c>.</param>
/// <param name="CountA">Runs in A.</param>
/// <param name="MeanA">A's mean.</param>
/// <param name="MinA">A's smallest reading.</param>
/// <param name="MaxA">A's largest reading.</param>
/// <param name="CountB">Runs in B.</param>
/// <param name="MeanB">B's mean.</param>
/// <param name="MinB">B's smallest reading.</param>
/// <param name="MaxB">B's largest reading.</param>
/// <param name="MeanAInsideRangeB">Whether A's mean lies within B's range.</param>
/// <param name="WelchT">Welch's t statistic of A against B.</param>
/// <param name="WelchDf">Its degrees of freedom.</param>
/// <param name="PValue">The two-sided p-value: below 0.05, the test tells the sets apart at the 5% level.</param>
public sealed record SeedComparisonRow(int Epoch, string Metric, int CountA, double MeanA, double MinA, double MaxA, int CountB,
    double MeanB, double MinB, double MaxB, bool MeanAInsideRangeB, double WelchT, double WelchDf, double PValue);
