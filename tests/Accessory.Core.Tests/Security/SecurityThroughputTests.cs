using System.Diagnostics;
using System.Globalization;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;
using Accessory.Simulator.Crypto;
using Accessory.Tests.Security.Client;
using Xunit.Abstractions;

namespace Accessory.Core.Tests.Security;

/// <summary>
/// Complete handshakes (device and client work) on every core. The targets are 2000 sec1 and 200 sec2
/// handshakes/s on a 2-core machine. The floors are asserted on handshakes per CPU-second (wall-clock rates swing
/// with whatever else the host runs) and set low enough for a loaded host, yet above what the managed big-integer
/// SRP path achieves, so losing the OpenSSL arithmetic fails the test. Measured rates are printed.
/// </summary>
[Trait("Category", "Performance")]
[Collection(nameof(SecurityThroughputTests))]
public class SecurityThroughputTests
{
    private readonly ITestOutputHelper _output;

    public SecurityThroughputTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Sec1_handshakes_run_in_parallel_at_a_useful_rate()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1("pop");
        byte[] pop = System.Text.Encoding.UTF8.GetBytes("pop");
        (double rate, double perCpuSecond) = Measure(1200, id =>
        {
            var client = new Sec1Client(pop);
            client.Handshake(SecurityTestKit.Exchange(scheme, id));
            return client;
        }, scheme);

        Report("sec1", rate, perCpuSecond, 2000);
        Assert.True(perCpuSecond >= 100, "sec1 handshakes per CPU-second: " + perCpuSecond);
    }

    [Fact]
    public void Sec2_handshakes_run_in_parallel_at_a_useful_rate()
    {
        Assert.True(OpenSslModPow.IsAvailable, "the simulator's fast SRP arithmetic needs libcrypto.so.3");
        Sec2Scheme scheme = SecurityTestKit.Sec2(1);
        (double rate, double perCpuSecond) = Measure(120, id =>
        {
            var client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 1, OpenSslModPow.Compute);
            client.Handshake(SecurityTestKit.Exchange(scheme, id));
            return client;
        }, scheme);

        Report("sec2", rate, perCpuSecond, 200);
        Assert.True(perCpuSecond >= 30, "sec2 handshakes per CPU-second: " + perCpuSecond);
    }

    private static (double Rate, double PerCpuSecond) Measure(int count, Func<uint, ISecurityClient> handshake, ISecurityScheme scheme)
    {
        for (uint warm = 0; warm < 3; warm++)
        {
            Run(uint.MaxValue - warm, handshake, scheme);
        }

        int next = -1;
        using var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var workers = new Thread[Environment.ProcessorCount];
        for (int w = 0; w < workers.Length; w++)
        {
            workers[w] = new Thread(() =>
            {
                int id;
                while ((id = Interlocked.Increment(ref next)) < count)
                {
                    Run((uint)id, handshake, scheme);
                }
            });
            workers[w].Start();
        }

        foreach (Thread worker in workers)
        {
            worker.Join();
        }

        double wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        return (count / wall, count / cpu);
    }

    private static void Run(uint id, Func<uint, ISecurityClient> handshake, ISecurityScheme scheme)
    {
        scheme.OpenSession(id);
        ISecurityClient client = handshake(id);
        if (!scheme.IsEstablished(id) || !client.IsEstablished)
        {
            throw new InvalidOperationException("handshake " + id + " did not complete");
        }

        scheme.CloseSession(id);
    }

    private void Report(string scheme, double rate, double perCpuSecond, int target) =>
        _output.WriteLine(string.Format(
            CultureInfo.InvariantCulture,
            "{0}: {1:F0} complete handshakes/s on {2} threads; {3:F0} per CPU-second, i.e. {4:F0}/s on 2 idle cores (issue target {5}/s); load average {6}",
            scheme,
            rate,
            Environment.ProcessorCount,
            perCpuSecond,
            perCpuSecond * 2,
            target,
            File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?"));
}

/// <summary>Runs the throughput tests alone so other test classes do not share their cores.</summary>
[CollectionDefinition(nameof(SecurityThroughputTests), DisableParallelization = true)]
public sealed class SecurityThroughputRunsAlone
{
}
