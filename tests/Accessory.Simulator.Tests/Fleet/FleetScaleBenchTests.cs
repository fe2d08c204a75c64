using System.Globalization;
using Accessory.Simulator.Fleet;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// `accessory-sim bench fleet-scale` as a real process: bad input refused before anything starts; a small run of two
/// `fleet --slice K` processes against the mosquitto the bench starts, judged by what that mosquitto delivered to a
/// mosquitto_sub of the test's own (every device's availability online, then its Will); nothing left running after
/// the end or after Ctrl+C.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FleetScaleBenchTests
{
    private const int Devices = 200;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    [Theory]
    [InlineData(new[] { "--devices", "0" }, "--devices must be 1..1000000, not 0")]
    [InlineData(new[] { "--processes", "0" }, "--processes must be 1..64, not 0")]
    [InlineData(new[] { "--devices", "100", "--processes", "3" }, "--devices 100 is not a multiple of --processes 3")]
    [InlineData(new[] { "--devices", "200000", "--processes", "2" }, "100000 devices per process, more than the 50000")]
    [InlineData(new[] { "--devices", "100", "--processes", "2", "--brokers", "3" }, "--brokers must be 1..2")]
    [InlineData(new[] { "--connect-timeout-s", "5" }, "--connect-timeout-s must be 10..3600")]
    [InlineData(new[] { "--telemetry-s", "-1" }, "--telemetry-s must be 0 (none) or 1..3600")]
    [InlineData(new[] { "--start-rate", "-5" }, "--start-rate must be 0..100000")]
    public void Bad_input_is_refused_before_anything_starts(string[] args, string problem)
    {
        using var bench = ChildProcess.Run(BuildPaths.SimulatorCli, ["bench", "fleet-scale", .. args]);

        Assert.Equal(2, bench.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains(bench.StderrLines, l => l.StartsWith("error: ", StringComparison.Ordinal) && l.Contains(problem, StringComparison.Ordinal));
        Assert.DoesNotContain(bench.StdoutLines, l => l.StartsWith("started: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_processes_of_one_hundred_all_reach_the_broker_and_everything_is_stopped_at_the_end()
    {
        using var bench = ChildProcess.Run(BuildPaths.SimulatorCli,
            "bench", "fleet-scale", "--devices", "200", "--processes", "2", "--brokers", "1", "--start-rate", "500", "--hold-s", "8", "--connect-timeout-s", "120");
        var (broker, port, processes) = Started(bench);
        using var availability = new MosquittoRecorder(port, false, "accessory/+/availability");
        availability.WaitUntilSubscribed();

        Assert.Equal(0, bench.WaitForExit(Patience));
        var expected = Enumerable.Range(0, Devices).Select(FleetDevice.DeviceIdOf).ToHashSet(StringComparer.Ordinal);

        // What mosquitto delivered (retained or live): every id of both slices online, and none other.
        Assert.Equal(expected, availability.Devices("/availability", p => p == "online"));
        Assert.Contains(bench.StdoutLines, l => l.StartsWith($"result: {Devices}/{Devices} devices announced online", StringComparison.Ordinal));
        Assert.Contains(bench.StdoutLines, l => l.StartsWith("connect: all online ", StringComparison.Ordinal) && !l.Contains("NOT", StringComparison.Ordinal));
        Assert.Equal(2, bench.StdoutLines.Count(l => l.StartsWith("  slice ", StringComparison.Ordinal) && l.Contains($"all {Devices / 2} connected", StringComparison.Ordinal)));

        // Stopped with SIGINT, each process powered its devices off: mosquitto sent every device's Will.
        Assert.Equal(expected, availability.Devices("/availability", p => p == "offline"));
        AssertGone(broker, processes, bench.AllOutput);
    }

    [Fact]
    public async Task Ctrl_c_stops_the_fleet_processes_and_mosquitto_before_the_bench_exits()
    {
        using var bench = ChildProcess.Run(BuildPaths.SimulatorCli,
            "bench", "fleet-scale", "--devices", "200", "--processes", "2", "--brokers", "1", "--start-rate", "500", "--hold-s", "600", "--connect-timeout-s", "120");
        var (broker, port, processes) = Started(bench);
        using var availability = new MosquittoRecorder(port, false, "accessory/+/availability");
        availability.WaitUntilSubscribed();
        Assert.True(await Eventually.TrueAsync(() => availability.Devices("/availability", p => p == "online").Count == Devices, Patience), bench.AllOutput);

        bench.Interrupt();

        Assert.Equal(130, bench.WaitForExit(TimeSpan.FromSeconds(120)));
        Assert.Contains(bench.StdoutLines, l => l.StartsWith("interrupted: ", StringComparison.Ordinal));
        Assert.Equal(Devices, availability.Devices("/availability", p => p == "offline").Count);
        AssertGone(broker, processes, bench.AllOutput);
    }

    /// <summary>From the bench's own lines: mosquitto's pid and first listener, and the fleet processes' pids.</summary>
    private static (int Broker, int Port, int[] Processes) Started(ChildProcess bench)
    {
        Assert.True(bench.WaitForLine(l => l.StartsWith("processes: pids ", StringComparison.Ordinal), TimeSpan.FromSeconds(120)), bench.AllOutput);
        string started = bench.StdoutLines.First(l => l.StartsWith("started: mosquitto 0 pid ", StringComparison.Ordinal));
        string[] words = started.Split(' ');
        int broker = int.Parse(words[4], CultureInfo.InvariantCulture);
        int port = int.Parse(words[6].Split(':')[1].TrimEnd(','), CultureInfo.InvariantCulture);
        string pids = bench.StdoutLines.First(l => l.StartsWith("processes: pids ", StringComparison.Ordinal))["processes: pids ".Length..].Split(';')[0];
        int[] processes = pids.Split(", ").Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(2, processes.Length);
        return (broker, port, processes);
    }

    private static void AssertGone(int broker, int[] processes, string output)
    {
        Assert.False(Directory.Exists($"/proc/{broker}"), $"mosquitto (pid {broker}) still runs after the bench exited\n{output}");
        foreach (int pid in processes)
        {
            Assert.False(Directory.Exists($"/proc/{pid}"), $"fleet process {pid} still runs after the bench exited\n{output}");
        }
    }
}
