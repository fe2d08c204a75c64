using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>
/// The TLS files of an mqtts:// fleet broker, checked before any device starts: a CA file that is missing,
/// unreadable or holds no PEM certificate would otherwise make every device fail its connects one by one.
/// </summary>
internal static class FleetBrokerTls
{
    /// <exception cref="ArgumentException">The files do not fit the broker URI or cannot be used; the message says which.</exception>
    public static MqttTlsFiles? Resolve(BrokerUri broker, string? ca, string caSource, string? cert, string? key)
    {
        ArgumentNullException.ThrowIfNull(broker);
        if (!broker.UsesTls)
        {
            if (ca != null || cert != null || key != null)
            {
                throw new ArgumentException($"{(ca != null ? caSource : cert != null ? "--broker-cert" : "--broker-key")} is for an mqtts:// broker; {broker} is not one");
            }

            return null;
        }

        if (ca == null)
        {
            throw new ArgumentException("an mqtts:// broker needs --broker-ca FILE (or the fleet file's broker_ca): the PEM CA that signed the broker's certificate");
        }

        CheckCertificates(ca, caSource);
        if ((cert == null) != (key == null))
        {
            throw new ArgumentException("--broker-cert and --broker-key go together: a client certificate needs its key");
        }

        if (cert != null)
        {
            CheckCertificates(cert, "--broker-cert");
            try
            {
                using var pair = X509Certificate2.CreateFromPemFile(cert, key);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"--broker-key: {key} is not the private key of {cert} (or cannot be read): {e.Message}", e);
            }
        }

        return new MqttTlsFiles(Path.GetFullPath(ca), cert is null ? null : Path.GetFullPath(cert), key is null ? null : Path.GetFullPath(key));
    }

    private static void CheckCertificates(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new ArgumentException($"{what}: {path} does not exist");
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{what}: {path} cannot be read as PEM certificates: {e.Message}", e);
        }

        if (certificates.Count == 0)
        {
            throw new ArgumentException($"{what}: {path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }

        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }
}
