using System.Text;
using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Nan.Control;
using Accessory.Simulator.Nan.Wpa;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Tests.Net;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan.Control;

/// <summary>
/// The control socket over the medium: a wpa_supplicant control client in the phone namespace drives a subscribe
/// that finds a publisher in the device namespace, exchanges follow-ups and cancels, all by hostap's commands.
/// </summary>
public sealed class NanControlSocketTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [NamespaceFact]
    public void Subscribe_discover_follow_up_and_cancel_through_the_control_socket()
    {
        using var lan = LanSegment.Create("device", "phone");
        using var deviceRadio = LanRadios.Open(lan["device"]);
        var publisher = new NanPublisher(deviceRadio, new SystemClock(), new DotNetCryptoProvider(), 3, new NanPublishConfig(NanServiceName.FromAndroid("_accessory._tcp")) { PeriodMilliseconds = 200, ServiceInfo = Encoding.UTF8.GetBytes("lamp") });
        var published = new NanEventInbox();
        publisher.Notified += published.Add;
        publisher.Start();
        using var phone = ControlledNanRadio.Start(lan["phone"]);

        Assert.Equal("1", phone.Client.Request("NAN_SUBSCRIBE service_name=_accessory._tcp active=1"));
        string address = NanAddress.Format(deviceRadio.Address);
        Assert.Equal($"<3>NAN-DISCOVERY-RESULT subscribe_id=1 publish_id=3 address={address} ssi=6c616d70", phone.WaitForEvent("NAN-DISCOVERY-RESULT"));

        Assert.Equal("OK", phone.Client.Request($"NAN_TRANSMIT handle=1 req_instance_id=3 address={address} ssi=68656c6c6f"));
        var received = published.WaitFor(NanEvents.Receive, Patience);
        Assert.Equal("hello", Encoding.UTF8.GetString(received?.ServiceInfo ?? []));
        publisher.Transmit(received!.PeerAddress!, received.PeerInstanceId, Encoding.UTF8.GetBytes("hi"));
        Assert.Equal($"<3>NAN-RECEIVE id=1 peer_instance_id=3 address={address} ssi=6869", phone.WaitForEvent("NAN-RECEIVE"));

        Assert.Equal("OK", phone.Client.Request("NAN_CANCEL_SUBSCRIBE subscribe_id=1"));
        Assert.Equal("<3>NAN-SUBSCRIBE-TERMINATED subscribe_id=1 reason=user-request", phone.WaitForEvent("NAN-SUBSCRIBE-TERMINATED"));
        publisher.Cancel();
    }

    [NamespaceFact]
    public void Refused_commands_answer_fail_and_detach_stops_events()
    {
        using var lan = LanSegment.Create("phone");
        using var phone = ControlledNanRadio.Start(lan["phone"]);

        Assert.Equal("FAIL", phone.Client.Request("NAN_SUBSCRIBE service_name=x speed=fast"));
        Assert.Equal("UNKNOWN COMMAND", phone.Client.Request("NAN_FLY"));
        Assert.Equal(1, phone.Server.AttachedClients);
        phone.Client.Detach();
        Assert.Equal(0, phone.Server.AttachedClients);
        Assert.Equal("FAIL", phone.Client.Request("DETACH"));

        phone.Client.Request("NAN_SUBSCRIBE service_name=x");
        phone.Client.Request("NAN_CANCEL_SUBSCRIBE subscribe_id=1");
        Assert.Null(phone.WaitForEvent("NAN-SUBSCRIBE-TERMINATED", TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public void A_stale_socket_file_is_replaced_and_a_live_one_is_refused()
    {
        using var directory = new TempDirectory("accessory-nanctl");
        string path = Path.Combine(directory.Path, "nan0");

        // A process that bound the path and exited leaves the file (.NET would remove it on dispose).
        var leftBehind = ProcessRunner.Run("/usr/bin/python3", ["-c", "import socket,sys; socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).bind(sys.argv[1])", path], Patience);
        Assert.True(leftBehind.ExitCode == 0, leftBehind.StandardError);
        Assert.True(File.Exists(path));
        using var engine = new NanControlEngine(new RecordingNanRadio(), new SystemClock(), new DotNetCryptoProvider());
        using var server = NanControlServer.Start(directory.Path, "nan0", engine);
        using var client = WpaControlClient.Connect(server.SocketPath, Patience);
        Assert.Equal("PONG", client.Request("PING"));

        var refused = Assert.Throws<IOException>(() => NanControlServer.Start(directory.Path, "nan0", engine));
        Assert.Contains("is in use", refused.Message, StringComparison.Ordinal);
        Assert.Equal("PONG", client.Request("PING"));
    }
}
