using System.Diagnostics;
using System.Globalization;
using System.Text;
using Accessory.Core.Ports;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// What <see cref="MqttNetLink"/> must do against any broker; run against real mosquitto and the embedded broker.
/// Independent observers are mosquitto_sub/mosquitto_pub, not our code.
/// </summary>
public abstract class MqttLinkContract : IDisposable
{
    private readonly string _prefix = "acc-test/" + Guid.NewGuid().ToString("N");
    private readonly RecordingLog _log = new();
    private readonly List<IDisposable> _cleanup = new();

    protected abstract int BrokerPort { get; }

    [Fact]
    public void Connect_raises_ConnectionChanged_true_and_disconnect_raises_false()
    {
        var probe = NewProbe(BrokerPort);
        probe.Link.Connect(Session("c1"));

        var up = probe.NextChange();
        Assert.True(up.Connected, up.Reason);
        Assert.True(probe.Link.IsConnected);

        probe.Link.Disconnect();
        var down = probe.NextChange();
        Assert.False(down.Connected);
    }

    [Fact]
    public void A_second_connect_while_the_first_is_in_flight_ends_connected()
    {
        var probe = NewProbe(BrokerPort);
        probe.Link.Connect(Session("twice"));
        probe.Link.Connect(Session("twice"));

        // The superseded attempt may report a drop first; the last word must be "connected".
        var change = probe.NextChange();
        for (var i = 0; i < 3 && !change.Connected; i++)
        {
            change = probe.NextChange();
        }

        Assert.True(change.Connected, change.Reason);
        Assert.True(probe.PublishAndWait(_prefix + "/twice", new byte[] { 7 }, 1, retain: false));
    }

    [Fact]
    public void Connect_to_a_port_without_broker_reports_false()
    {
        var probe = NewProbe(FreePort.Next());
        probe.Link.Connect(Session("nobody"));

        var change = probe.NextChange();
        Assert.False(change.Connected);
        Assert.False(probe.Link.IsConnected);
    }

    [Fact]
    public void Qos1_publish_is_acknowledged_and_retained_message_reaches_a_fresh_subscriber()
    {
        var probe = Connected("pub1");
        var topic = _prefix + "/state";

        Assert.True(probe.PublishAndWait(topic, Encoding.UTF8.GetBytes("{\"on\":true}"), 1, retain: true));

        var seen = MosquittoClients.Subscribe(BrokerPort, topic, 1, 10, retainedOnly: true);
        Assert.Equal(new[] { "{\"on\":true}" }, seen);
    }

    [Fact]
    public void Qos2_publish_is_acknowledged()
    {
        var probe = Connected("pub2");
        Assert.True(probe.PublishAndWait(_prefix + "/q2", new byte[] { 1, 2, 3 }, 2, retain: false));
    }

    [Fact]
    public void Publish_while_disconnected_reports_not_delivered()
    {
        var probe = NewProbe(BrokerPort);
        Assert.False(probe.PublishAndWait(_prefix + "/x", new byte[] { 1 }, 1, retain: false));
    }

    [Fact]
    public void Subscribed_link_receives_what_an_independent_client_publishes()
    {
        var topic = _prefix + "/cmd/set";
        PublishRetainedWithMosquittoPub(topic, "hello-device");
        var probe = Connected("sub1");

        probe.Link.Subscribe(_prefix + "/cmd/#", 1);

        var message = probe.NextMessage();
        Assert.Equal(topic, message.Topic);
        Assert.Equal("hello-device", Encoding.UTF8.GetString(message.Payload));
    }

    [Fact]
    public void Last_will_is_published_when_the_connection_dies_without_disconnect()
    {
        var proxy = Track(new CuttableTcpProxy(BrokerPort));
        var probe = NewProbe(proxy.Port);
        var status = _prefix + "/status";
        probe.Link.Connect(new MqttSessionOptions("will1", 30, true, status, Encoding.UTF8.GetBytes("offline"), true));
        Assert.True(probe.NextChange().Connected);
        Assert.True(probe.PublishAndWait(status, Encoding.UTF8.GetBytes("online"), 1, retain: true));

        proxy.Cut();

        Assert.False(probe.NextChange().Connected);
        var seen = WaitForRetained(status, "offline");
        Assert.Equal("offline", seen);
    }

    [Fact]
    public void Broker_outage_reports_false_and_connect_works_again_after_restart()
    {
        var probe = Connected("outage1");

        StopBroker();
        var down = probe.NextChange();
        Assert.False(down.Connected);
        Assert.False(probe.Link.IsConnected);

        StartBroker();
        probe.Link.Connect(Session("outage1"));
        var up = probe.NextChange();
        Assert.True(up.Connected, up.Reason);
        Assert.True(probe.PublishAndWait(_prefix + "/after", new byte[] { 9 }, 1, retain: false));
    }

    [Fact]
    public void Payloads_are_never_logged()
    {
        var probe = Connected("quiet1");
        Assert.True(probe.PublishAndWait(_prefix + "/secret", Encoding.UTF8.GetBytes("hunter2-passphrase"), 1, retain: false));
        probe.Link.Disconnect();
        probe.NextChange();

        Assert.NotEmpty(_log.Lines);
        Assert.DoesNotContain(_log.Lines, line => line.Contains("hunter2", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            _cleanup[i].Dispose();
        }

        DisposeBroker();
        GC.SuppressFinalize(this);
    }

    protected abstract void StopBroker();

    protected abstract void StartBroker();

    protected abstract void DisposeBroker();

    private static MqttSessionOptions Session(string id) =>
        new("acc-" + id + "-" + Guid.NewGuid().ToString("N")[..8], 30, true, string.Empty, Array.Empty<byte>(), false);

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _cleanup.Add(disposable);
        return disposable;
    }

    private LinkProbe NewProbe(int port) =>
        Track(new LinkProbe(new MqttNetLink(BrokerUri.Parse("mqtt://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)), null, _log)));

    private LinkProbe Connected(string id)
    {
        var probe = NewProbe(BrokerPort);
        probe.Link.Connect(Session(id));
        var change = probe.NextChange();
        Assert.True(change.Connected, change.Reason);
        return probe;
    }

    // The broker publishes the will asynchronously after it notices the dead socket; poll the retained value, bounded.
    private string? WaitForRetained(string topic, string expected)
    {
        string? last = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var seen = MosquittoClients.Subscribe(BrokerPort, topic, 1, 2, retainedOnly: true);
            last = seen.Count > 0 ? seen[0] : null;
            if (last == expected)
            {
                break;
            }
        }

        return last;
    }

    private void PublishRetainedWithMosquittoPub(string topic, string payload)
    {
        var start = new ProcessStartInfo("/usr/bin/mosquitto_pub") { UseShellExecute = false };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-i", "acc-pub-" + Guid.NewGuid().ToString("N")[..8], "-p", BrokerPort.ToString(CultureInfo.InvariantCulture), "-t", topic, "-m", payload, "-r", "-q", "1" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        Assert.True(process.WaitForExit(10_000));
        Assert.Equal(0, process.ExitCode);
    }
}
