using System.CommandLine;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Cli;

/// <summary>The `run` options of the cloud link over MQTT.</summary>
internal sealed class CloudCliOptions
{
    public Option<string> Broker { get; } = new("--broker")
    {
        Description = "MQTT broker: 'embedded' (in-process on 127.0.0.1, default), mqtt://host:port or mqtts://host:port.",
        DefaultValueFactory = _ => "embedded",
    };

    public Option<int> EmbeddedPort { get; } = new("--embedded-broker-port")
    {
        Description = "Port of the embedded broker.",
        DefaultValueFactory = _ => BrokerUri.DefaultTcpPort,
    };

    public Option<FileInfo?> Ca { get; } = new("--broker-ca") { Description = "PEM CA certificate to trust for mqtts://." };

    public Option<FileInfo?> Cert { get; } = new("--broker-cert") { Description = "PEM client certificate for mqtts:// (with --broker-key)." };

    public Option<FileInfo?> Key { get; } = new("--broker-key") { Description = "PEM private key of the client certificate." };

    public Option<int> QueueSize { get; } = new("--mqtt-queue")
    {
        Description = "Messages kept while the broker is unreachable; beyond it the oldest are dropped and counted.",
        DefaultValueFactory = _ => 64,
    };

    public Option<bool> NoCloud { get; } = new("--no-cloud") { Description = "Do not connect to any MQTT broker." };

    public IEnumerable<Option> All => new Option[] { Broker, EmbeddedPort, Ca, Cert, Key, QueueSize, NoCloud };

    /// <exception cref="ArgumentException">An option is invalid; the message says which and why.</exception>
    public CloudOptions? Build(ParseResult result)
    {
        if (result.GetValue(NoCloud))
        {
            return null;
        }

        BrokerUri broker;
        try
        {
            broker = BrokerUri.Parse(result.GetValue(Broker)!);
        }
        catch (BrokerUriException e)
        {
            throw new ArgumentException("--broker: " + e.Message, e);
        }

        if (broker.Kind == BrokerUriKind.Embedded)
        {
            broker = BrokerUri.Embedded(result.GetValue(EmbeddedPort));
        }

        int queue = result.GetValue(QueueSize);
        if (queue is < 1 or > 100_000)
        {
            throw new ArgumentException("--mqtt-queue must be 1..100000");
        }

        var ca = result.GetValue(Ca);
        var cert = result.GetValue(Cert);
        var key = result.GetValue(Key);
        if (!broker.UsesTls && (ca != null || cert != null || key != null))
        {
            throw new ArgumentException("--broker-ca/--broker-cert/--broker-key need an mqtts:// broker");
        }

        MqttTlsFiles? tls = null;
        if (broker.UsesTls)
        {
            if (ca == null)
            {
                throw new ArgumentException("an mqtts:// broker needs --broker-ca (the CA that signed its certificate)");
            }

            tls = new MqttTlsFiles(ca.FullName, cert?.FullName, key?.FullName);
        }

        return new CloudOptions { Broker = broker, Tls = tls, QueueCapacity = queue };
    }
}
