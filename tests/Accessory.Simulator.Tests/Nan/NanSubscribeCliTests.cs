using System.Text;
using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Mdns.Reference;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Tests.Net;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>`accessory-sim nan subscribe` as a real process in the phone namespace, against an in-test publisher.</summary>
public sealed class NanSubscribeCliTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [NamespaceFact]
    public void Cli_subscriber_prints_the_discovery_and_its_follow_up_reaches_the_publisher()
    {
        using var lan = LanSegment.Create("device", "phone");
        using var deviceRadio = LanRadios.Open(lan["device"]);
        var crypto = new DotNetCryptoProvider();
        var name = NanServiceName.FromApple("accessory", NanServiceProtocol.Tcp);
        var config = new NanPublishConfig(name) { PeriodMilliseconds = 200, ServiceInfo = Encoding.UTF8.GetBytes("lamp v1") };
        var publisher = new NanPublisher(deviceRadio, new SystemClock(), crypto, 3, config);
        var published = new NanEventInbox();
        publisher.Notified += published.Add;
        publisher.Start();

        using var cli = new NamespaceProcess(lan["phone"].Namespace, "dotnet",
        [
            Support.BuildPaths.SimulatorCli, "nan", "subscribe", "_accessory._tcp", "--interface", lan["phone"].InterfaceName,
            "--seconds", "30", "--active", "--send", "hello device",
        ]);
        var line = cli.WaitForLine(l => l.StartsWith(NanEvents.DiscoveryResult, StringComparison.Ordinal), Patience);
        var received = published.WaitFor(NanEvents.Receive, Patience);
        cli.Stop(TimeSpan.FromSeconds(10));
        publisher.Cancel();

        Assert.True(line != null, cli.AllOutput);
        Assert.Contains("address=" + NanAddress.Format(deviceRadio.Address), line, StringComparison.Ordinal);
        Assert.Contains("publish_id=3", line, StringComparison.Ordinal);
        Assert.Contains("service_id=" + NanServiceId.Compute(name, crypto), line, StringComparison.Ordinal);
        Assert.Contains("ssi=6c616d70207631", line, StringComparison.Ordinal);
        Assert.EndsWith("ssi_text=lamp v1", line, StringComparison.Ordinal);
        Assert.True(received != null, cli.AllOutput);
        Assert.Equal("hello device", Encoding.UTF8.GetString(received.ServiceInfo!));
    }

    [NamespaceFact]
    public async Task Cli_datapath_gets_the_devices_info_over_https_or_prints_the_reject_reason()
    {
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"]);

        string accepted = RunDataPath(lan, "GET ");
        Assert.Contains(NanEvents.DataPathConfirmed, accepted, StringComparison.Ordinal);
        Assert.Contains("(certificate not verified): 200", accepted, StringComparison.Ordinal);

        device.Device.Faults.Set(Accessory.Simulator.Faults.FaultSpec.Parse("nan.datapath-reject:reason=no-room"));
        string rejected = RunDataPath(lan, NanEvents.DataPathRejected);
        Assert.Contains("reason=no-room", rejected, StringComparison.Ordinal);
    }

    private static string RunDataPath(LanSegment lan, string until)
    {
        using var cli = new NamespaceProcess(lan["phone"].Namespace, "dotnet",
        [
            Support.BuildPaths.SimulatorCli, "nan", "subscribe", "_accessory._tcp", "--interface", lan["phone"].InterfaceName,
            "--seconds", "30", "--active", "--datapath",
        ]);
        var line = cli.WaitForLine(l => l.StartsWith(until, StringComparison.Ordinal), Patience);
        cli.Stop(TimeSpan.FromSeconds(10));
        Assert.True(line != null, cli.AllOutput);
        return cli.AllOutput;
    }
}
