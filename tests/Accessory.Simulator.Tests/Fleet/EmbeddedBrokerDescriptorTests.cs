using System.Diagnostics;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Fleet;

/// <summary>
/// Links and the embedded broker in one process hold four descriptors a link (the link's, the front gate's two, MQTTnet's),
/// and the fleet and `bench mqtt` count them before they start: run as real processes under a lowered descriptor limit
/// (prlimit). Before, a fleet said "enough" for one descriptor a device and then stalled at the limit (4,591 of 6,000
/// connected under 20,000), and `bench mqtt --broker embedded --devices 5000` aborted the runtime. The fleet on the
/// embedded broker takes its default port 1883, hence the collection shared with the other tests that use it.
/// </summary>
[Collection(DefaultPortsGroup.Name)]
public sealed class EmbeddedBrokerDescriptorTests
{
    private const string Limit = "--nofile=2000:2000";

    [Fact]
    public void A_fleet_on_the_embedded_broker_counts_four_descriptors_a_device()
    {
        var (_, output) = RunLimited("fleet", "--count", "600", "--broker", "embedded", "--duration", "1");

        Assert.Contains("limits: open files soft 2000 hard 2000; 600 devices need about 2656: NOT enough: about 436 devices will connect", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fleet_on_another_broker_counts_one_descriptor_a_device()
    {
        // Nothing listens on port 9 of loopback: the devices only retry, which is all this run needs.
        var (_, output) = RunLimited("fleet", "--count", "600", "--broker", "mqtt://127.0.0.1:9", "--duration", "1");

        Assert.Contains("limits: open files soft 2000 hard 2000; 600 devices need about 856: enough", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_mqtt_refuses_more_embedded_links_than_the_limit_holds_instead_of_aborting()
    {
        var (exit, output) = RunLimited("bench", "mqtt", "--broker", "embedded", "--devices", "600", "--publishes", "1");

        Assert.True(exit == 2, "exit " + exit + ":\n" + output);
        Assert.Contains("error: open files soft 2000 hard 2000; 600 devices need about 2656: NOT enough", output, StringComparison.Ordinal);
        Assert.DoesNotContain("connected ", output, StringComparison.Ordinal);
    }

    private static (int Exit, string Output) RunLimited(params string[] args)
    {
        var start = new ProcessStartInfo("prlimit") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Limit, "dotnet", BuildPaths.SimulatorCli }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("accessory-sim " + string.Join(' ', args) + " did not end within 90 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
