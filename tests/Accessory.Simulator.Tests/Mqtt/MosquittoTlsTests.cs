using System.Globalization;
using Accessory.Core.Ports;
using Accessory.Simulator.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>mqtts:// against mosquitto with a CA the test generates: server authentication and client certificates.</summary>
public sealed class MosquittoTlsTests : IDisposable
{
    private readonly TempDirectory _folder = new("accessory-mqtt-tls");
    private readonly TestCertificates _certs;
    private readonly List<IDisposable> _cleanup = new();

    public MosquittoTlsTests()
    {
        _certs = new TestCertificates(_folder.Path);
    }

    [Fact]
    public void Connects_over_tls_when_the_broker_is_signed_by_the_configured_ca()
    {
        var broker = StartBroker(requireClientCertificate: false);
        var probe = Probe(broker, new MqttTlsFiles(_certs.CaCert));

        probe.Link.Connect(Session());

        var change = probe.NextChange();
        Assert.True(change.Connected, change.Reason);
        Assert.True(probe.PublishAndWait("acc-tls/state", new byte[] { 1 }, 1, retain: false));
    }

    [Fact]
    public void Refuses_a_broker_signed_by_another_ca()
    {
        var broker = StartBroker(requireClientCertificate: false);
        var other = new TestCertificates(_folder.Path, "other");
        var probe = Probe(broker, new MqttTlsFiles(other.CaCert));

        probe.Link.Connect(Session());

        Assert.False(probe.NextChange().Connected);
        Assert.False(probe.Link.IsConnected);
    }

    [Fact]
    public void Presents_the_client_certificate_when_the_broker_requires_one()
    {
        var broker = StartBroker(requireClientCertificate: true);
        var withCert = Probe(broker, new MqttTlsFiles(_certs.CaCert, _certs.ClientCert, _certs.ClientKey));
        var withoutCert = Probe(broker, new MqttTlsFiles(_certs.CaCert));

        withCert.Link.Connect(Session());
        withoutCert.Link.Connect(Session());

        var accepted = withCert.NextChange();
        Assert.True(accepted.Connected, accepted.Reason);
        Assert.False(withoutCert.NextChange().Connected);
    }

    [Fact]
    public void Missing_ca_file_is_reported_as_a_failed_connect()
    {
        var broker = StartBroker(requireClientCertificate: false);
        var probe = Probe(broker, new MqttTlsFiles(Path.Combine(_folder.Path, "absent.pem")));

        probe.Link.Connect(Session());

        var change = probe.NextChange();
        Assert.False(change.Connected);
        Assert.Contains("tls files", change.Reason, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        for (var i = _cleanup.Count - 1; i >= 0; i--)
        {
            _cleanup[i].Dispose();
        }

        _folder.Dispose();
    }

    private static MqttSessionOptions Session() =>
        new("acc-tls-" + Guid.NewGuid().ToString("N")[..8], 30, true, string.Empty, Array.Empty<byte>(), false);

    private Mosquitto StartBroker(bool requireClientCertificate)
    {
        var config =
            "cafile " + _certs.CaCert + "\n" +
            "certfile " + _certs.ServerCert + "\n" +
            "keyfile " + _certs.ServerKey + "\n" +
            (requireClientCertificate ? "require_certificate true\n" : string.Empty);
        var broker = new Mosquitto(config);
        _cleanup.Add(broker);
        return broker;
    }

    private LinkProbe Probe(Mosquitto broker, MqttTlsFiles tls)
    {
        var uri = BrokerUri.Parse("mqtts://127.0.0.1:" + broker.Port.ToString(CultureInfo.InvariantCulture));
        var probe = new LinkProbe(new MqttNetLink(uri, tls, new RecordingLog()));
        _cleanup.Add(probe);
        return probe;
    }
}
