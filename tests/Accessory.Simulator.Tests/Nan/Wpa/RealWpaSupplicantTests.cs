using Accessory.Core.Nan;
using Accessory.Simulator.Nan.Wpa;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Net;

namespace Accessory.Simulator.Tests.Nan.Wpa;

/// <summary>
/// The adapter against a real wpa_supplicant (Debian 12's 2.10, which predates NAN USD) in a network namespace:
/// the control-socket client must speak the daemon's protocol, and NAN_PUBLISH must end in the adapter's
/// "unsupported" message with the daemon's real answer.
/// </summary>
public sealed class RealWpaSupplicantTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [NamespaceFact]
    public void The_control_client_pings_attaches_and_keeps_replies_apart_from_events()
    {
        using var lan = LanSegment.Create("wpa");
        using var wpa = RealWpaSupplicant.Start(lan["wpa"]);
        var client = WpaControlClient.Connect(wpa.SocketPath, Wait);
        using var events = new WpaEventDatagrams();
        client.EventReceived += events.Add;

        Assert.Equal("PONG", client.Request("PING"));
        client.Attach();

        // wpa_supplicant sends CTRL-EVENT-NETWORK-ADDED before the reply datagram: the reply must still be the id.
        string id = client.Request("ADD_NETWORK");
        Assert.Matches("^[0-9]+$", id);
        Assert.Equal("<3>CTRL-EVENT-NETWORK-ADDED " + id, events.Take(Wait));
        Assert.Equal("OK", client.Request("REMOVE_NETWORK " + id));
        Assert.Equal("<3>CTRL-EVENT-NETWORK-REMOVED " + id, events.Take(Wait));

        client.Detach();
        string second = client.Request("ADD_NETWORK");
        Assert.Matches("^[0-9]+$", second);
        Assert.Null(events.Take(TimeSpan.FromMilliseconds(300)));
        client.Dispose();
        Assert.False(File.Exists(client.LocalPath));
    }

    [NamespaceFact]
    public void Nan_publish_on_wpa_supplicant_2_10_stops_with_the_unsupported_message()
    {
        using var lan = LanSegment.Create("wpa");
        using var wpa = RealWpaSupplicant.Start(lan["wpa"]);
        Assert.True(wpa.Version.StartsWith("v2.10", StringComparison.Ordinal), $"the expected answer below was observed on wpa_supplicant v2.10, this is {wpa.Version}: check what it answers to NAN_PUBLISH");
        using var publisher = WpaNanPublisher.Open(wpa.NanOptions());

        var e = Assert.Throws<WpaNanException>(() => publisher.Start(new NanPublishConfig(NanServiceName.FromApple("accessory", NanServiceProtocol.Tcp))));

        Assert.Equal("this wpa_supplicant or driver does not support NAN USD (NAN_PUBLISH answered 'UNKNOWN COMMAND' on " + wpa.InterfaceName + ")", e.Message);
        Assert.Equal(0, publisher.PublishId);
        Assert.Equal(0, publisher.UnparsedEvents);
    }
}
