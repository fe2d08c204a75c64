using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Accessory.Core.Ports;
using Accessory.Core.Settings;

namespace Accessory.Simulator.Tls;

/// <summary>
/// The device's own TLS identity: a self-signed ECDSA P-256 certificate generated once and kept in the settings
/// (DER under <see cref="SettingKeys.TlsCertificate"/>, PKCS#8 DER under the secret <see cref="SettingKeys.TlsPrivateKey"/>),
/// so a phone that pinned it on first use sees the same certificate after every restart.
/// </summary>
public sealed class DeviceCertificate : IDisposable
{
    public const int ValidityYears = 10;

    private const string Component = "tls";
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private DeviceCertificate(X509Certificate2 certificate, string hostLabel, string? regeneratedBecause)
    {
        Certificate = certificate;
        HostLabel = hostLabel;
        RegeneratedBecause = regeneratedBecause;
    }

    /// <summary>The certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string HostLabel { get; }

    /// <summary>Why a stored certificate was replaced on load; null when it was fine or there was none.</summary>
    public string? RegeneratedBecause { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public string Sha256Fingerprint => Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    /// <summary>&lt;label&gt;.local, localhost, 127.0.0.1 and ::1: every name a client on the LAN or the host uses.</summary>
    public static string[] HostNamesFor(string hostLabel) => new[] { hostLabel + ".local", "localhost", "127.0.0.1", "::1" };

    public static DeviceCertificate LoadOrCreate(DeviceSettings settings, string hostLabel, out bool created) =>
        LoadOrCreate(settings, hostLabel, null, out created);

    /// <summary>
    /// The stored certificate, or a new one put into <paramref name="settings"/> (<paramref name="created"/> true:
    /// the caller saves the settings). A damaged, mismatched, expired or renamed certificate is replaced, and the
    /// reason logged; the reason never contains key material.
    /// </summary>
    public static DeviceCertificate LoadOrCreate(DeviceSettings settings, string hostLabel, ILog? log, out bool created)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(hostLabel);
        var stored = TryLoad(settings, hostLabel, out string? problem);
        if (stored != null)
        {
            created = false;
            return stored;
        }

        if (problem != null)
        {
            log?.Write(LogLevel.Warning, Component, "stored device certificate unusable (" + problem + "); generating a new one");
        }

        var certificate = Create(settings.GetString(SettingKeys.DeviceName) ?? hostLabel, hostLabel);
        using (var key = certificate.GetECDsaPrivateKey()!)
        {
            // Removed first: the settings refuse to change a value's kind, and a damaged entry may be text.
            settings.Remove(SettingKeys.TlsCertificate);
            settings.Remove(SettingKeys.TlsPrivateKey);
            settings.SetBytes(SettingKeys.TlsCertificate, certificate.RawData);
            settings.SetBytes(SettingKeys.TlsPrivateKey, key.ExportPkcs8PrivateKey());
        }

        log?.Write(LogLevel.Information, Component, "generated device certificate " + certificate.Subject + ", SHA-256 " + certificate.GetCertHashString(HashAlgorithmName.SHA256));
        created = true;
        return new DeviceCertificate(certificate, hostLabel, problem);
    }

    /// <summary>The private key as PKCS#8 PEM, for the TLS server's key file only; never log it.</summary>
    public string ExportPrivateKeyPem()
    {
        using var key = Certificate.GetECDsaPrivateKey()!;
        return key.ExportPkcs8PrivateKeyPem();
    }

    public ECDsa OpenPrivateKey() => Certificate.GetECDsaPrivateKey()!;

    public override string ToString() => "device certificate " + Certificate.Subject + ", SHA-256 " + Sha256Fingerprint;

    public void Dispose() => Certificate.Dispose();

    private static X509Certificate2 Create(string commonName, string hostLabel)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = CertificateProfiles.Leaf(CertificateProfiles.CommonName(commonName), key, HostNamesFor(hostLabel));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(ValidityYears));
    }

    private static DeviceCertificate? TryLoad(DeviceSettings settings, string hostLabel, out string? problem)
    {
        bool hasCertificate = settings.Contains(SettingKeys.TlsCertificate);
        bool hasKey = settings.Contains(SettingKeys.TlsPrivateKey);
        problem = null;
        if (!hasCertificate && !hasKey)
        {
            return null;
        }

        if (!hasCertificate || !hasKey)
        {
            problem = hasKey ? "a private key without a certificate" : "a certificate without a private key";
            return null;
        }

        var der = StoredBytes(settings, SettingKeys.TlsCertificate);
        var pkcs8 = StoredBytes(settings, SettingKeys.TlsPrivateKey);
        if (der == null || pkcs8 == null)
        {
            problem = "certificate or key not stored as bytes";
            return null;
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der);
        }
        catch (CryptographicException)
        {
            problem = "the certificate does not parse";
            return null;
        }

        using (certificate)
        {
            problem = Check(certificate, hostLabel);
            if (problem != null)
            {
                return null;
            }

            using var key = ECDsa.Create();
            try
            {
                key.ImportPkcs8PrivateKey(pkcs8, out int read);
                if (read != pkcs8.Length)
                {
                    problem = "the private key has trailing bytes";
                    return null;
                }
            }
            catch (CryptographicException)
            {
                problem = "the private key does not parse";
                return null;
            }

            using var publicKey = certificate.GetECDsaPublicKey()!;
            if (!publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            {
                problem = "the private key does not belong to the certificate";
                return null;
            }

            return new DeviceCertificate(certificate.CopyWithPrivateKey(key), hostLabel, null);
        }
    }

    // GetBytes treats a value of another kind as a programming error; here it is just damaged data.
    private static byte[]? StoredBytes(DeviceSettings settings, string key)
    {
        for (int i = 0; i < settings.Count; i++)
        {
            if (settings[i].Key == key)
            {
                return settings[i].Kind == SettingKind.Bytes ? settings.GetBytes(key) : null;
            }
        }

        return null;
    }

    private static string? Check(X509Certificate2 certificate, string hostLabel)
    {
        using var publicKey = certificate.GetECDsaPublicKey();
        if (publicKey == null || publicKey.ExportParameters(false).Curve.Oid.Value != P256Oid)
        {
            return "the certificate is not ECDSA P-256";
        }

        var now = DateTime.UtcNow;
        if (certificate.NotAfter.ToUniversalTime() <= now)
        {
            return "the certificate expired on " + certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        }

        if (certificate.NotBefore.ToUniversalTime() > now)
        {
            return "the certificate is not valid yet";
        }

        if (!CertificateProfiles.Names(certificate, hostLabel + ".local"))
        {
            return "the certificate does not name " + hostLabel + ".local";
        }

        return null;
    }
}
