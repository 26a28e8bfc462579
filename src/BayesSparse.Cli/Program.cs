using BayesSparse.Cli;
using BayesSparse.Platform;

// Before any tensor exists: keep freed blocks in the heap, and let MKL use its fast kernels on AMD CPUs
// (see MallocTuning, MklCpuDispatch and docs/platform.md).
MallocTuning.Apply();
MklCpuDispatch.Apply();
return CliApp.Run(args);
