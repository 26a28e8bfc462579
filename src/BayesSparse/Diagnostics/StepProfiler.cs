using System.Diagnostics;

namespace BayesSparse.Diagnostics;

/// <summary>
/// Wall-clock time per named section of training, as <c>torch.profiler.record_function</c> labels them: the training
/// step and the layers mark their sections with <see cref="Record"/>, and a profiler started on the thread sums them.
/// With no profiler started a section costs one thread-static read. CPU work is synchronous, so a section's time is
/// the work it launched; on CUDA a profiler started with a synchroniser (<see cref="Platform.DeviceSelector.Synchronizer"/>)
/// waits for the device at each section's start and end, so a section holds its kernels' run time, not their launch.
/// </summary>
public sealed class StepProfiler : IDisposable
{
    [ThreadStatic] private static StepProfiler? t_current;
    private readonly StepProfiler? _previous;
    private readonly Dictionary<string, (double Ms, long Calls)> _sections = [];
    private readonly Action? _synchronize;

    private StepProfiler(Action? synchronize)
    {
        _previous = t_current;
        t_current = this;
        _synchronize = synchronize;
    }

    /// <summary>Starts summing the sections recorded on this thread until disposed.</summary>
    /// <param name="synchronize">Called at each section's start and end before the clock is read (a device's queue
    /// drained); null where work is synchronous.</param>
    public static StepProfiler Start(Action? synchronize = null) => new(synchronize);

    /// <summary>Marks a section until the returned value is disposed; nested sections are summed on their own.</summary>
    public static Section Record(string name) => new(t_current, name);

    /// <summary>Milliseconds and calls per section so far.</summary>
    public IReadOnlyDictionary<string, (double Ms, long Calls)> Sections => _sections;

    /// <summary>Forgets what was summed so far (after warm-up).</summary>
    public void Reset() => _sections.Clear();

    /// <summary>Stops summing; the profiler that was active before becomes active again.</summary>
    public void Dispose() => t_current = _previous;

    private void Add(string name, double ms)
    {
        var (total, calls) = _sections.GetValueOrDefault(name);
        _sections[name] = (total + ms, calls + 1);
    }

    /// <summary>One recorded section.</summary>
    public readonly struct Section : IDisposable
    {
        private readonly StepProfiler? _profiler;
        private readonly string _name;
        private readonly long _start;

        internal Section(StepProfiler? profiler, string name)
        {
            (_profiler, _name) = (profiler, name);
            profiler?._synchronize?.Invoke();
            _start = profiler is null ? 0 : Stopwatch.GetTimestamp();
        }

        /// <summary>Ends the section.</summary>
        public void Dispose()
        {
            if (_profiler is null) return;
            _profiler._synchronize?.Invoke();
            _profiler.Add(_name, Stopwatch.GetElapsedTime(_start).TotalMilliseconds);
        }
    }
}
