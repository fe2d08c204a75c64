namespace Accessory.Simulator.Mqtt;

/// <summary>
/// PEM files for an mqtts:// broker: the CA that signed the broker's certificate and, for brokers that
/// require it, the client's certificate and private key.
/// </summary>
public sealed class MqttTlsFiles
{
    public MqttTlsFiles(string caFile, string? clientCertificateFile = null, string? clientKeyFile = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(caFile);
        if ((clientCertificateFile is null) != (clientKeyFile is null))
        {
            throw new ArgumentException("A client certificate needs its key and a key needs its certificate.");
        }

        CaFile = caFile;
        ClientCertificateFile = clientCertificateFile;
        ClientKeyFile = clientKeyFile;
    }

    public string CaFile { get; }

    public string? ClientCertificateFile { get; }

    public string? ClientKeyFile { get; }
}
