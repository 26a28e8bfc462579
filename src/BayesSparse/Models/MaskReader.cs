using BayesSparse.NN;
using BayesSparse.NN.Functional;
using BayesSparse.NN.Recurrent;
using static TorchSharp.torch;

namespace BayesSparse.Models;

/// <summary>Nonzero patterns of model components as they run in eval mode (SparseVD: masked means).</summary>
internal static class MaskReader
{
    public static Tensor Nonzero(VariationalTensor tensor, SparseVDOptions options)
    {
        using var _ = no_grad();
        using var mean = tensor.MaskedMean(options);
        return mean.ne(Scalars.Zero);
    }

    public static Tensor? NonzeroOrNull(VariationalTensor? tensor, SparseVDOptions options) =>
        tensor is null ? null : Nonzero(tensor, options);

    /// <summary>W^x, W^h and the LSTM's z (null where not learned).</summary>
    public static (Tensor Ih, Tensor Hh, Tensor? ZInput, Tensor? ZHidden, Tensor? ZGates) Recurrent(nn.Module lstm)
    {
        using var _ = no_grad();
        return lstm switch
        {
            LstmSVD svd => (Nonzero(svd.Variables.WeightIh, svd.Options), Nonzero(svd.Variables.WeightHh, svd.Options),
                NonzeroOrNull(svd.Variables.ZInput, svd.Options), NonzeroOrNull(svd.Variables.ZHidden, svd.Options),
                NonzeroOrNull(svd.Variables.ZGates, svd.Options)),
            DenseLstm dense => (dense.WeightIh.ne(Scalars.Zero), dense.WeightHh.ne(Scalars.Zero), null, null, null),
            _ => throw new ArgumentException($"no mask reader for {lstm.GetName()}"),
        };
    }

    /// <summary>The LSTM's bias (4H), detached.</summary>
    public static Tensor Bias(nn.Module lstm) => lstm switch
    {
        LstmSVD svd => svd.Bias.detach(),
        DenseLstm dense => dense.Bias.detach(),
        _ => throw new ArgumentException($"no bias reader for {lstm.GetName()}"),
    };

    /// <summary>The weight matrix of a linear or embedding component.</summary>
    public static Tensor Weight(nn.Module module)
    {
        using var _ = no_grad();
        return module switch
        {
            LinearSVD svd => Nonzero(svd.Weight, svd.Options),
            EmbeddingSVD svd => Nonzero(svd.Weight, svd.Options),
            TorchSharp.Modules.Linear linear => linear.weight!.ne(Scalars.Zero),
            TorchSharp.Modules.Embedding embedding => embedding.weight!.ne(Scalars.Zero),
            _ => throw new ArgumentException($"no mask reader for {module.GetName()}"),
        };
    }
}
