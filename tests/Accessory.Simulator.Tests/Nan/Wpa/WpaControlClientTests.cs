using Accessory.Simulator.Nan.Wpa;

namespace Accessory.Simulator.Tests.Nan.Wpa;

public sealed class WpaControlClientTests
{
    [Fact]
    public void Request_gets_the_reply_and_disposal_removes_the_local_socket_file()
    {
        using var wpa = new WpaSupplicantControlStandIn();
        wpa.Reply("PING", "PONG\n");

        var client = WpaControlClient.Connect(WpaControlClient.SocketPathFor(wpa.InterfaceName, wpa.ControlDirectory), TimeSpan.FromSeconds(2));
        Assert.Equal("PONG", client.Request("PING"));
        Assert.True(File.Exists(client.LocalPath));
        client.Dispose();

        Assert.False(File.Exists(client.LocalPath));
    }

    [Fact]
    public void Events_after_attach_are_raised_with_their_level_prefix()
    {
        using var wpa = new WpaSupplicantControlStandIn();
        using var client = WpaControlClient.Connect(WpaControlClient.SocketPathFor(wpa.InterfaceName, wpa.ControlDirectory), TimeSpan.FromSeconds(2));
        using var received = new WpaEventDatagrams();
        client.EventReceived += received.Add;

        client.Attach();
        wpa.Event("<3>NAN-PUBLISH-TERMINATED publish_id=1 reason=user-request");

        Assert.Equal("<3>NAN-PUBLISH-TERMINATED publish_id=1 reason=user-request", received.Take(TimeSpan.FromSeconds(5)));
    }
}
