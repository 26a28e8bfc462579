using System.CommandLine;
using BayesSparse.Cli.Commands;
using BayesSparse.Platform;

// Before any tensor exists: keep freed blocks in the heap, and let MKL use its fast kernels on AMD CPUs
// (see MallocTuning, MklCpuDispatch and the README).
MallocTuning.Apply();
MklCpuDispatch.Apply();

var root = new RootCommand("BayesSparse: Bayesian sparsification (SparseVD) of gated recurrent networks.")
{
    DemoCommand.Create(),
    BenchCommand.Create(),
    DataCommand.Create(),
    TrainCommand.Create(),
    ReproduceCommand.Create(),
    EvaluateCommand.Create(),
    CompressCommand.Create(),
    CompressCommand.CreatePredict(),
};
return CommandRunner.Invoke(root, args);
