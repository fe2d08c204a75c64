using System.Runtime;
using Prometheus;

namespace Accessory.Simulator.Metrics;

/// <summary>
/// Runtime figures prometheus-net's own process and GC figures leave out, read at each scrape: time paused for
/// garbage collections and the JIT's work. Between two scrapes they tell whether a latency tail coincides with GC
/// pauses or with methods being compiled (tier-up), independently of the machine's load.
/// </summary>
internal static class RuntimeFigures
{
    private static Counter? _gcPause;
    private static Counter? _jitMethods;
    private static Counter? _jitTime;
    private static Gauge? _serverGc;

    public static void Register(MetricFactory factory)
    {
        _gcPause = factory.CreateCounter("dotnet_gc_pause_seconds_total", "Time the process was paused for garbage collections.");
        _jitMethods = factory.CreateCounter("dotnet_jit_compiled_methods_total", "Methods the JIT compiled (tier-ups included).");
        _jitTime = factory.CreateCounter("dotnet_jit_compilation_seconds_total", "Time spent compiling methods, on all threads.");
        _serverGc = factory.CreateGauge("dotnet_gc_server", "1 when the process runs the server garbage collector, 0 for the workstation one.");
    }

    public static void Sample()
    {
        _gcPause?.IncTo(GC.GetTotalPauseDuration().TotalSeconds);
        _jitMethods?.IncTo(System.Runtime.JitInfo.GetCompiledMethodCount());
        _jitTime?.IncTo(System.Runtime.JitInfo.GetCompilationTime().TotalSeconds);
        _serverGc?.Set(GCSettings.IsServerGC ? 1 : 0);
    }
}
