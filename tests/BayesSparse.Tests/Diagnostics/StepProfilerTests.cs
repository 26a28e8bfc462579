using BayesSparse.Diagnostics;
using BayesSparse.Platform;
using NUnit.Framework;
using TorchSharp;

namespace BayesSparse.Tests.Diagnostics;

[TestFixture]
public sealed class StepProfilerTests
{
    [Test]
    public void Should_WaitForTheDeviceAtEachSectionsStartAndEnd_When_StartedWithASynchronizer()
    {
        // Given a profiler whose synchroniser counts its calls (what waits for a CUDA device)
        int waits = 0;
        using (var profiler = StepProfiler.Start(() => waits++))
        {
            // When a section with one nested section and a second section are recorded
            using (StepProfiler.Record("step"))
            using (StepProfiler.Record("step.forward"))
            {
            }
            using (StepProfiler.Record("step")) { }

            // Then each of the three waited before its clock started and before it stopped, and each name is summed
            Assert.That(waits, Is.EqualTo(6));
            Assert.That(profiler.Sections.ToDictionary(s => s.Key, s => s.Value.Calls), Is.EqualTo(new Dictionary<string, long> { ["step"] = 2, ["step.forward"] = 1 }));
        }

        // and once it is disposed, a section neither waits nor is summed
        using (StepProfiler.Record("step")) { }
        Assert.That(waits, Is.EqualTo(6));
    }

    [Test]
    public void Should_NotSynchronize_When_TheDeviceIsTheCpu() =>
        // The CPU's work is done when a call returns: nothing to wait for
        Assert.That(DeviceSelector.Synchronizer(torch.CPU) is null, Is.True);
}
