namespace BayesSparse.Structure;

/// <summary>
/// One axis of one tensor of a layer that a <see cref="StructureGroup"/> indexes.
/// </summary>
/// <param name="Tensor">The tensor's name in the layer: a variational tensor (<c>weight_ih</c> names both
/// <c>weight_ih_mu</c> and <c>weight_ih_log_sigma</c>) or a plain parameter (<c>bias</c>).</param>
/// <param name="Dim">The axis.</param>
/// <param name="Blocks">How many stacked blocks of the group the axis holds: 4 for an LSTM's hidden neurons along
/// the stacked gate rows (entry j of the group is rows j, H + j, 2H + j, 3H + j), 1 otherwise.</param>
public sealed record GroupAxis(string Tensor, long Dim, int Blocks = 1);
