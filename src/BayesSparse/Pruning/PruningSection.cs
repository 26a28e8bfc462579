namespace BayesSparse.Pruning;

/// <summary>
/// The <c>pruning</c> section: schedule points as fractions of the run's optimiser steps (Narang et al. start
/// after some dense training, ramp, and stop before the end) and the AGP target.
/// </summary>
/// <param name="StartFraction">start_itr / total steps.</param>
/// <param name="RampFraction">ramp_itr / total steps.</param>
/// <param name="EndFraction">end_itr / total steps (AGP: end of the cubic ramp).</param>
/// <param name="Frequency">Steps between mask updates.</param>
/// <param name="RampMultiplier">Narang's phi / theta.</param>
/// <param name="TargetSparsity">AGP's final sparsity.</param>
public sealed record PruningSection(double StartFraction = 0.1, double RampFraction = 0.4, double EndFraction = 0.8,
    int Frequency = 10, double RampMultiplier = 1.5, double TargetSparsity = 0.9);
