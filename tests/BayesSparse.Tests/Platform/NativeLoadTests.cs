using BayesSparse.Platform;
using NUnit.Framework;
using TorchSharp;

namespace BayesSparse.Tests.Platform;

[TestFixture]
public sealed class NativeLoadTests
{
    [Test]
    public void Should_LoadLibTorch_When_SystemLibstdcxxLacksGlibcxx3432()
    {
        // Given the build's patched libLibTorchSharp.so (Debian 12's libstdc++ stops at GLIBCXX_3.4.30)
        // When a tensor operation runs natively
        using var product = torch.ones(2, 3).matmul(torch.ones(3, 4));

        // Then libtorch is loaded and computes
        Assert.That(product.sum().item<float>(), Is.EqualTo(24f));
    }

    [Test]
    public void Should_TuneMalloc_When_RunningOnLinux()
    {
        Assume.That(OperatingSystem.IsLinux(), "glibc only");
        Assert.That(MallocTuning.Applied, Is.True, "the assembly set-up applies the tuning");
        Assert.That(MallocTuning.Apply(), Is.True, "a second call is a no-op that reports success");
    }

    [Test]
    public void Should_MultiplyCorrectly_When_MklDispatchIsApplied()
    {
        // Given the assembly set-up's MKL dispatch change (patched on AMD CPUs, untouched elsewhere)
        bool amd = File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains("AuthenticAMD");
        var expected = amd && RuntimeInformationIsX64() ? MklDispatchResult.Patched : MklDispatchResult.NotNeeded;

        // When float32 products of the training shapes' kind run (large enough for MKL's blocked kernels)
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var (a, b) = (torch.randn(300, 257), torch.randn(257, 130));
        var product = a.matmul(b);
        var reference = a.to(torch.float64).matmul(b.to(torch.float64));

        // Then the result says what happened, a second call changes nothing, and the products are right
        Assert.That(MklCpuDispatch.Result, Is.EqualTo(expected));
        Assert.That(MklCpuDispatch.Apply(), Is.EqualTo(expected));
        Assert.That((product.to(torch.float64) - reference).abs().max().item<double>(), Is.LessThan(1e-3));
    }

    private static bool RuntimeInformationIsX64() =>
        System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;

    [Test]
    public void Should_RejectCuda_With_ClearMessage_When_NoCudaDevice()
    {
        Assume.That(torch.cuda.is_available(), Is.False);
        var error = Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve("cuda"))!;
        Assert.That(error.Message, Does.Contain("--device cpu"));
        Assert.That(DeviceSelector.Resolve("CPU").type, Is.EqualTo(DeviceType.CPU));
        Assert.Throws<ArgumentException>(() => DeviceSelector.Resolve("tpu"));
    }
}
