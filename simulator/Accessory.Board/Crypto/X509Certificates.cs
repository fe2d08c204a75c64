extern alias desktop;
using System.Text;

namespace System.Security.Cryptography.X509Certificates
{
    /// <summary>nanoFramework's certificate: raw DER or PEM text (mbedTLS parses either), no store, no chain.</summary>
    public class X509Certificate
    {
        public X509Certificate()
        {
            RawCertificate = new byte[0];
        }

        public X509Certificate(byte[] certificate)
        {
            ArgumentNullException.ThrowIfNull(certificate);
            RawCertificate = (byte[])certificate.Clone();
        }

        /// <summary>The certificate as PEM text (not a file name, unlike .NET's constructor of the same shape).</summary>
        public X509Certificate(string certificate)
        {
            ArgumentNullException.ThrowIfNull(certificate);
            RawCertificate = Encoding.UTF8.GetBytes(certificate);
        }

        internal byte[] RawCertificate { get; }

        public string Issuer => Desktop().Issuer;

        public string Subject => Desktop().Subject;

        public byte[] GetRawCertData() => Desktop().RawData;

        public DateTime GetEffectiveDate() => Desktop().NotBefore;

        public DateTime GetExpirationDate() => Desktop().NotAfter;

        /// <summary>The same certificate as .NET's type (without the private key).</summary>
        internal desktop::System.Security.Cryptography.X509Certificates.X509Certificate2 DesktopCertificate() => Desktop();

        internal desktop::System.Security.Cryptography.X509Certificates.X509Certificate2 Desktop()
        {
            var text = Encoding.UTF8.GetString(RawCertificate);
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                return desktop::System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(text);
            }

            return desktop::System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(RawCertificate);
        }
    }

    /// <summary>A certificate with its private key (DER/PEM certificate, PKCS#8 DER or PEM key), for SslStream servers.</summary>
    public class X509Certificate2 : X509Certificate
    {
        private readonly byte[]? _privateKey;

        public X509Certificate2()
        {
        }

        public X509Certificate2(byte[] rawData)
            : base(rawData)
        {
        }

        public X509Certificate2(string certificate)
            : base(certificate)
        {
        }

        public X509Certificate2(byte[] rawData, byte[] key, string password)
            : base(rawData)
        {
            ArgumentNullException.ThrowIfNull(key);
            _privateKey = (byte[])key.Clone();
        }

        public X509Certificate2(string rawData, string key, string password)
            : base(rawData)
        {
            ArgumentNullException.ThrowIfNull(key);
            _privateKey = Encoding.UTF8.GetBytes(key);
        }

        public byte[] RawData => GetRawCertData();

        public bool HasPrivateKey => _privateKey != null;

        public byte[] PrivateKey => _privateKey == null ? new byte[0] : (byte[])_privateKey.Clone();

        public DateTime NotAfter => GetExpirationDate();

        public DateTime NotBefore => GetEffectiveDate();

        /// <summary>.NET's certificate with the private key attached (ECDSA or RSA), for the TLS server.</summary>
        internal desktop::System.Security.Cryptography.X509Certificates.X509Certificate2 DesktopWithKey()
        {
            var certificate = Desktop();
            if (_privateKey == null)
            {
                return certificate;
            }

            string pem = Encoding.UTF8.GetString(_privateKey);
            bool isPem = pem.Contains("-----BEGIN", StringComparison.Ordinal);
            try
            {
                using var ec = desktop::System.Security.Cryptography.ECDsa.Create();
                if (isPem)
                {
                    ec.ImportFromPem(pem);
                }
                else
                {
                    ec.ImportPkcs8PrivateKey(_privateKey, out _);
                }

                using var attached = desktop::System.Security.Cryptography.X509Certificates.ECDsaCertificateExtensions.CopyWithPrivateKey(certificate, ec);
                // Exported and reloaded: SslStream on Linux wants a key it can hand to OpenSSL, not an ephemeral one.
                return desktop::System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(attached.Export(desktop::System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
            }
            catch (global::System.Security.Cryptography.CryptographicException)
            {
                using var rsa = desktop::System.Security.Cryptography.RSA.Create();
                if (isPem)
                {
                    rsa.ImportFromPem(pem);
                }
                else
                {
                    rsa.ImportPkcs8PrivateKey(_privateKey, out _);
                }

                using var attached = desktop::System.Security.Cryptography.X509Certificates.RSACertificateExtensions.CopyWithPrivateKey(certificate, rsa);
                return desktop::System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(attached.Export(desktop::System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
            }
        }
    }
}
