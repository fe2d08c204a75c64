using System.Net;
using System.Text.Json;
using Accessory.Core.Nan;
using Accessory.Simulator.Mdns.Reference;
using Accessory.Simulator.Nan.Wpa;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Net;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan.Control;

/// <summary>
/// Debian's own wpa_cli (package wpasupplicant) driving `accessory-sim nan radio` in the phone namespace: it finds the
/// whole simulated device in the device namespace and gets a data path to it, with the commands of wpa_supplicant.
/// </summary>
public sealed class NanControlWpaCliTests
{
    private const string WpaCli = "/usr/sbin/wpa_cli";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [NamespaceFact]
    public async Task Wpa_cli_discovers_the_device_and_gets_a_data_path_through_the_simulated_radio()
    {
        Assert.True(File.Exists(WpaCli), "wpa_cli is missing: apt-get install wpasupplicant");
        using var lan = LanSegment.Create("device", "phone");
        await using var device = await NanDevice.StartAsync(lan["device"]);
        using var directory = new TempDirectory("accessory-nanctl");
        string iface = lan["phone"].InterfaceName;
        using var radio = new NamespaceProcess(lan["phone"].Namespace, "dotnet", [BuildPaths.SimulatorCli, "nan", "radio", "--interface", iface, "--ctrl-dir", directory.Path, "--seconds", "60"]);
        Assert.True(radio.WaitForLine(l => l.StartsWith("NAN radio ", StringComparison.Ordinal), Patience) != null, radio.AllOutput);

        var ping = lan["phone"].Namespace.Run(WpaCli, ["-p", directory.Path, "-i", iface, "ping"], Patience);
        Assert.Equal("PONG", ping.StandardOutput.Trim());

        // Interactive wpa_cli attaches and prints events as they come, the way people watch wpa_supplicant.
        using var cli = new NamespaceProcess(lan["phone"].Namespace, WpaCli, ["-p", directory.Path, "-i", iface]);
        await cli.StandardInput.WriteLineAsync("raw NAN_SUBSCRIBE service_name=_accessory._tcp active=1");
        await cli.StandardInput.FlushAsync();
        string? found = cli.WaitForLine(l => l.Contains("<3>NAN-DISCOVERY-RESULT", StringComparison.Ordinal), Patience);
        Assert.True(found != null, cli.AllOutput + "\n--- radio ---\n" + radio.AllOutput);
        var discovery = Event(found);
        Assert.Equal(NanAddress.Format(device.Device.Nan!.Address), discovery.Field("address"));
        string ssi = System.Text.Encoding.UTF8.GetString(Convert.FromHexString(discovery.Field("ssi")!));
        Assert.Equal(device.Id, JsonDocument.Parse(ssi).RootElement.GetProperty("id").GetString());

        // The model's data-path request (DA 01 01, TCP, any port) is an ordinary follow-up: NAN_TRANSMIT carries it.
        await cli.StandardInput.WriteLineAsync($"raw NAN_TRANSMIT handle={discovery.Field("subscribe_id")} req_instance_id={discovery.Field("publish_id")} address={discovery.Field("address")} ssi=da0101060000");
        await cli.StandardInput.FlushAsync();
        string? confirmed = cli.WaitForLine(l => l.Contains("<3>NAN-DATA-PATH-CONFIRMED", StringComparison.Ordinal), Patience);
        Assert.True(confirmed != null, cli.AllOutput + "\n--- radio ---\n" + radio.AllOutput);
        var accept = NanDataPathCodec.Decode(Convert.FromHexString(Event(confirmed).Field("ssi")!));
        Assert.Equal(lan["device"].IPv6LinkLocal, new IPAddress(accept!.Address!));

        await cli.StandardInput.WriteLineAsync("quit");
        await cli.StandardInput.FlushAsync();
        Assert.True(cli.WaitForExit(Patience), "wpa_cli did not quit");
    }

    // wpa_cli prints an event after its prompt ("> <3>NAN-..."): the event starts at its level.
    private static WpaEventLine Event(string printed) =>
        WpaEventLine.TryParse(printed[printed.IndexOf("<3>", StringComparison.Ordinal)..]) ?? throw new FormatException("not an event: " + printed);
}
