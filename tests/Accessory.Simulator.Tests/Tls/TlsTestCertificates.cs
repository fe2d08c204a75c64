using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>PEM files for the TLS tests: a self-signed localhost leaf, and a leaf issued through an intermediate.</summary>
internal sealed class TlsTestCertificates
{
    public TlsTestCertificates(string folder)
    {
        var now = DateTimeOffset.UtcNow;
        using var selfKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var self = LeafRequest(selfKey).CreateSelfSigned(now.AddHours(-1), now.AddDays(1));
        SelfSignedChain = Write(folder, "self.pem", self.ExportCertificatePem());
        SelfSignedKey = Write(folder, "self.key", selfKey.ExportPkcs8PrivateKeyPem());
        SelfSignedThumbprint = self.GetCertHashString();

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        OtherKey = Write(folder, "other.key", otherKey.ExportPkcs8PrivateKeyPem());

        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var root = CaRequest("CN=Accessory Test Root", rootKey).CreateSelfSigned(now.AddHours(-1), now.AddDays(2));
        using var intermediateKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var intermediate = CaRequest("CN=Accessory Test Intermediate", intermediateKey)
            .Create(root, now.AddHours(-1), now.AddDays(2), new byte[] { 1, 2, 3, 4 });
        using var intermediateWithKey = intermediate.CopyWithPrivateKey(intermediateKey);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = LeafRequest(leafKey).Create(intermediateWithKey, now.AddHours(-1), now.AddDays(1), new byte[] { 5, 6, 7, 8 });
        IssuedChain = Write(folder, "issued-chain.pem", leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem());
        IssuedKey = Write(folder, "issued.key", leafKey.ExportPkcs8PrivateKeyPem());
    }

    public string SelfSignedChain { get; }

    public string SelfSignedKey { get; }

    public string SelfSignedThumbprint { get; }

    /// <summary>A key that matches no certificate here.</summary>
    public string OtherKey { get; }

    /// <summary>Leaf (CN=localhost) then its issuer CN=Accessory Test Intermediate.</summary>
    public string IssuedChain { get; }

    public string IssuedKey { get; }

    private static CertificateRequest LeafRequest(ECDsa key)
    {
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request;
    }

    private static CertificateRequest CaRequest(string subject, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request;
    }

    private static string Write(string folder, string name, string pem)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
