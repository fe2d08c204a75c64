using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Accessory.Simulator.Tls;

/// <summary>The extensions of the simulator's certificates: TLS server leaves and the test CAs above them.</summary>
internal static class CertificateProfiles
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    // X.520 bounds a common name at 64 characters; longer names make some clients reject the certificate.
    private const int MaxCommonNameLength = 64;

    public static X500DistinguishedName CommonName(string name)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(name.Length <= MaxCommonNameLength ? name : name[..MaxCommonNameLength]);
        return builder.Build();
    }

    /// <summary>A TLS server certificate request; host names that parse as IP addresses become IP SANs.</summary>
    public static CertificateRequest Leaf(X500DistinguishedName subject, ECDsa key, IReadOnlyList<string> hostNames)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(ServerAuthOid) }, false));
        request.CertificateExtensions.Add(Names(hostNames));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    public static CertificateRequest Authority(string commonName, ECDsa key, int pathLength)
    {
        var request = new CertificateRequest(CommonName(commonName), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request;
    }

    /// <summary>Issues <paramref name="request"/> under <paramref name="issuer"/> (which holds its private key).</summary>
    public static X509Certificate2 Issue(CertificateRequest request, X509Certificate2 issuer, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request.Create(issuer, notBefore, notAfter, SerialNumber());
    }

    public static bool Names(X509Certificate2 certificate, string dnsName)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension names)
            {
                foreach (var name in names.EnumerateDnsNames())
                {
                    if (string.Equals(name, dnsName, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static X509Extension Names(IReadOnlyList<string> hostNames)
    {
        if (hostNames.Count == 0)
        {
            throw new ArgumentException("a TLS server certificate needs at least one host name", nameof(hostNames));
        }

        var builder = new SubjectAlternativeNameBuilder();
        foreach (var host in hostNames)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                builder.AddIpAddress(address);
            }
            else
            {
                builder.AddDnsName(host);
            }
        }

        return builder.Build();
    }

    // Positive and 16 bytes of randomness, as RFC 5280 asks (at most 20 octets, unpredictable).
    private static byte[] SerialNumber()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }
}
