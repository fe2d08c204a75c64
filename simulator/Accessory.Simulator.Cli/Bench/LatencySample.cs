using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>Latencies of one benchmark phase, and the figures reported for it.</summary>
internal sealed class LatencySample
{
    private readonly List<double> _milliseconds = new();
    private readonly object _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_gate)
        {
            _milliseconds.Add(elapsed.TotalMilliseconds);
        }
    }

    public double Percentile(double p)
    {
        lock (_gate)
        {
            if (_milliseconds.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _milliseconds.Order().ToList();
            int index = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
            return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
        }
    }

    public string Summary(string what, TimeSpan wall) => string.Create(
        CultureInfo.InvariantCulture,
        $"{what}: {Count} in {wall.TotalSeconds:F2} s = {Count / wall.TotalSeconds:F1}/s, p50 {Percentile(50):F2} ms, p99 {Percentile(99):F2} ms");
}
