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
        // Given the build's patched libLibTorchSharp.so
        // When a tensor operation runs natively
        using var product = torch.ones(2, 3).matmul(torch.ones(3, 4));

        // Then libtorch is loaded and computes, with the libstdc++ this process mapped; the test means something only
        // where that library lacks GLIBCXX_3.4.32 (Debian 12's stops at 3.4.30), so elsewhere it is inconclusive
        Assert.That(product.sum().item<float>(), Is.EqualTo(24f));
        Assume.That(OperatingSystem.IsLinux(), "ELF symbol versions: Linux only");
        var libstdcxx = File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).StartsWith("libstdc++.so", StringComparison.Ordinal))
            .Select(fields => fields[5]).Distinct().ToList();
        Assert.That(libstdcxx, Has.Count.EqualTo(1), "one libstdc++ mapped");
        bool lacks = !System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(libstdcxx[0])).Contains("GLIBCXX_3.4.32");
        Assume.That(lacks, $"{libstdcxx[0]} has GLIBCXX_3.4.32: the condition of this test does not hold here");
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

    [TestCase(" CUDA:2 ", "cuda:2")]
    [TestCase("cpu", "cpu")]
    [TestCase("cuda", "cuda")]
    public void Should_NormalizeADeviceName_WithoutAskingForTheDevice(string name, string expected) =>
        Assert.That(DeviceSelector.Normalize(name), Is.EqualTo(expected));

    [TestCase("cuda:")]
    [TestCase("cuda:x")]
    [TestCase("cuda:-1")]
    [TestCase("gpu")]
    public void Should_RefuseADeviceName_When_ItIsNotCpuCudaOrCudaN(string name) =>
        Assert.That(() => DeviceSelector.Normalize(name), Throws.ArgumentException.With.Message.Contains("use cpu, cuda or cuda:N"));
}
