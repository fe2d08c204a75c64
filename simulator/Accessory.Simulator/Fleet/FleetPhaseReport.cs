using System.Diagnostics;
using System.Globalization;

namespace Accessory.Simulator.Fleet;

/// <summary>Percentiles of each first-connect phase over a fleet's devices (milliseconds), for benches.</summary>
public static class FleetPhaseReport
{
    public static string Describe(IReadOnlyList<FleetDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        var phases = devices.Select(d => d.FirstConnectPhases).ToArray();
        return string.Join("; ", new[]
        {
            Step("start->wifi joined", phases, p => p.Started, p => p.Online),
            Step("joined->connect asked", phases, p => p.Online, p => p.ConnectRequested),
            Step("asked->handshake begun", phases, p => p.ConnectRequested, p => p.HandshakeBegun),
            Step("handshake->connected", phases, p => p.HandshakeBegun, p => p.Connected),
        });
    }

    private static string Step(string name, FleetDevicePhases[] phases, Func<FleetDevicePhases, long> from, Func<FleetDevicePhases, long> to)
    {
        var ms = phases
            .Where(p => from(p) != 0 && to(p) != 0)
            .Select(p => Stopwatch.GetElapsedTime(from(p), to(p)).TotalMilliseconds)
            .OrderBy(x => x)
            .ToArray();
        if (ms.Length == 0)
        {
            return name + " -";
        }

        return string.Create(CultureInfo.InvariantCulture, $"{name} p50 {At(ms, 0.5):F0} p99 {At(ms, 0.99):F0} max {ms[^1]:F0} ms");
    }

    private static double At(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1))];
}
