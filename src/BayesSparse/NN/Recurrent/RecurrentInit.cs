namespace BayesSparse.NN.Recurrent;

/// <summary>Initialisation of the input-to-hidden weight means (W^h is always orthogonal).</summary>
public enum RecurrentInit
{
    /// <summary>Glorot-uniform W^x (the authors' text classifiers).</summary>
    GlorotUniform,

    /// <summary>Orthogonal W^x (the authors' language models).</summary>
    Orthogonal,
}
