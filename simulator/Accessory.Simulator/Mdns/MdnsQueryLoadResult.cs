using System.Globalization;

namespace Accessory.Simulator.Mdns;

/// <summary>What a query load run measured. Latencies are from send to the first matching response, in milliseconds.</summary>
public sealed class MdnsQueryLoadResult
{
    public MdnsQueryLoadResult(int sent, int answered, int strayResponses, double elapsedSeconds, double[] latenciesMilliseconds, double[]? arrivalLatenciesMilliseconds = null)
    {
        ArgumentNullException.ThrowIfNull(latenciesMilliseconds);
        var arrivals = (double[]?)arrivalLatenciesMilliseconds?.Clone() ?? [];
        Array.Sort(arrivals);
        ArrivalP50Milliseconds = Percentile(arrivals, 50);
        ArrivalP99Milliseconds = Percentile(arrivals, 99);
        Sent = sent;
        Answered = answered;
        StrayResponses = strayResponses;
        ElapsedSeconds = elapsedSeconds;
        var sorted = (double[])latenciesMilliseconds.Clone();
        Array.Sort(sorted);
        P50Milliseconds = Percentile(sorted, 50);
        P99Milliseconds = Percentile(sorted, 99);
        MaxMilliseconds = sorted.Length == 0 ? double.NaN : sorted[^1];
    }

    public int Sent { get; }

    /// <summary>Queries that got at least one response with an answer record (duplicates count once).</summary>
    public int Answered { get; }

    public int Unanswered => Sent - Answered;

    /// <summary>Datagrams that were no response to an outstanding query (wrong id, not a response, too short, duplicate).</summary>
    public int StrayResponses { get; }

    /// <summary>From the first send to the end of waiting (the last answer, or the timeout).</summary>
    public double ElapsedSeconds { get; }

    public double AnswersPerSecond => ElapsedSeconds > 0 ? Answered / ElapsedSeconds : 0;

    /// <summary>NaN when nothing was answered.</summary>
    public double P50Milliseconds { get; }

    public double P99Milliseconds { get; }

    public double MaxMilliseconds { get; }

    /// <summary>
    /// From send to the answer's arrival at the load generator's socket (the kernel's stamp), without the time its
    /// receive thread took to get a CPU and read it; NaN where the kernel does not stamp.
    /// </summary>
    public double ArrivalP50Milliseconds { get; }

    public double ArrivalP99Milliseconds { get; }

    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "sent {0}, answered {1}, unanswered {2}, stray {3}, {4:0.0} answers/s, p50 {5:0.000} ms, p99 {6:0.000} ms, max {7:0.000} ms; at the socket p50 {8:0.000} ms, p99 {9:0.000} ms",
        Sent,
        Answered,
        Unanswered,
        StrayResponses,
        AnswersPerSecond,
        P50Milliseconds,
        P99Milliseconds,
        MaxMilliseconds,
        ArrivalP50Milliseconds,
        ArrivalP99Milliseconds);

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    private static double Percentile(double[] sorted, int percent)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
