namespace BayesSparse.Reporting;

/// <summary>
/// What <c>training.compact_after</c> = <paramref name="K"/> would have done to one group of a run that counted unused
/// structure without cutting it (<see cref="Comebacks"/>).
/// </summary>
/// <param name="Group">The group key, <c>layer.group</c>.</param>
/// <param name="K">Unused epochs in a row after which the rule cuts.</param>
/// <param name="StreaksReachingK">Unused streaks that reached K epochs: the entries the rule would have cut.</param>
/// <param name="CameBackAfterKOrMore">Of those, streaks that ended later (the entry used again): what the rule would have lost.</param>
public sealed record ComebackRow(string Group, int K, long StreaksReachingK, long CameBackAfterKOrMore)
{
    /// <summary>The share of the cut entries that came back; null when the rule would cut nothing.</summary>
    public double? ShareLost => StreaksReachingK > 0 ? (double)CameBackAfterKOrMore / StreaksReachingK : null;
}
