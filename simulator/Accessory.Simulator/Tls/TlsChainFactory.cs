using System.Security.Cryptography.X509Certificates;

namespace Accessory.Simulator.Tls;

/// <summary>
/// Writes the certificate chain the local API serves for each <see cref="TlsChainVariant"/>, all with the device's
/// own key, so a QA run can show how a phone app reacts to every kind of broken TLS a real deployment meets.
/// </summary>
public static class TlsChainFactory
{
    public const string ChainFile = "local-api-chain.pem";
    public const string KeyFile = "local-api-key.pem";
    public const string DeviceCertificateFile = "local-api-device-cert.pem";
    public const string WrongHostName = "wrong-host.invalid";

    // What Apple platforms accept for a TLS server certificate.
    private const int LeafDays = 397;

    /// <summary>
    /// Writes the chain and key files into <paramref name="folder"/> (creating the test root and intermediate
    /// there on first use) and says which file a client should trust. Leaves name <paramref name="hostNames"/>
    /// (DNS names, or IP addresses) except in the wrong-hostname variant.
    /// </summary>
    public static TlsChainFiles Write(TlsChainVariant variant, string folder, DeviceCertificate deviceCert, IReadOnlyList<string> hostNames)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(deviceCert);
        ArgumentNullException.ThrowIfNull(hostNames);
        Directory.CreateDirectory(folder);
        var chainPath = Path.Combine(folder, ChainFile);
        var keyPath = Path.Combine(folder, KeyFile);
        PrivateFiles.WriteKey(keyPath, deviceCert.ExportPrivateKeyPem());

        if (variant == TlsChainVariant.SelfSigned)
        {
            var certificatePath = Path.Combine(folder, DeviceCertificateFile);
            PrivateFiles.WritePublic(certificatePath, deviceCert.CertificatePem);
            PrivateFiles.WritePublic(chainPath, deviceCert.CertificatePem);
            return new TlsChainFiles(chainPath, keyPath, certificatePath);
        }

        using var trusted = SimulatorTestAuthority.LoadOrCreate(folder);
        using var untrusted = variant == TlsChainVariant.UntrustedRoot ? SimulatorTestAuthority.CreateUntrusted() : null;
        var issuing = untrusted ?? trusted;
        using var leaf = IssueLeaf(variant, issuing.Intermediate, deviceCert, hostNames);

        var chain = leaf.ExportCertificatePem();
        if (variant != TlsChainVariant.MissingIntermediate)
        {
            chain += "\n" + issuing.Intermediate.ExportCertificatePem();
        }

        // Sending the foreign root too makes the failure "self-signed certificate in certificate chain", which a
        // client can tell apart from the missing intermediate's "unable to get local issuer certificate".
        if (untrusted != null)
        {
            chain += "\n" + untrusted.Root.ExportCertificatePem();
        }

        PrivateFiles.WritePublic(chainPath, chain + "\n");
        return new TlsChainFiles(chainPath, keyPath, SimulatorTestAuthority.RootPath(folder));
    }

    private static X509Certificate2 IssueLeaf(TlsChainVariant variant, X509Certificate2 issuer, DeviceCertificate deviceCert, IReadOnlyList<string> hostNames)
    {
        var now = DateTimeOffset.UtcNow;
        var notBefore = now.AddDays(-1);
        var notAfter = now.AddDays(LeafDays);
        if (notAfter > issuer.NotAfter)
        {
            notAfter = issuer.NotAfter;
        }

        var subject = deviceCert.Certificate.SubjectName;
        IReadOnlyList<string> names = hostNames;
        if (variant == TlsChainVariant.Expired)
        {
            notBefore = now.AddDays(-30);
            notAfter = now.AddDays(-1);
        }
        else if (variant == TlsChainVariant.WrongHostname)
        {
            // The common name too, so no client falling back to it finds the right host either.
            subject = CertificateProfiles.CommonName(WrongHostName);
            names = new[] { WrongHostName };
        }

        using var key = deviceCert.OpenPrivateKey();
        var request = CertificateProfiles.Leaf(subject, key, names);
        return CertificateProfiles.Issue(request, issuer, notBefore, notAfter);
    }
}
