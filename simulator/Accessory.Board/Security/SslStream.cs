extern alias desktop;
using System.IO;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace System.Net.Security
{
    public enum SslProtocols
    {
        None = 0,
        Tls = 192,
        Tls11 = 768,
        Tls12 = 3072,
        Tls13 = 12288,
    }

    /// <summary>
    /// nanoFramework's SslStream (a NetworkStream over a socket, mbedTLS underneath) over .NET's SslStream: the same
    /// blocking calls and protocol choice; the handshake details are .NET's/OpenSSL's, not mbedTLS's.
    /// </summary>
    public class SslStream : NetworkStream
    {
        private readonly NetworkStream _plain;
        private desktop::System.Net.Security.SslStream? _tls;

        public SslStream(Socket socket)
            : base(socket, false)
        {
            _plain = new NetworkStream(socket, false);
        }

        public bool IsServer { get; private set; }

        public override long Length => throw new NotSupportedException();

        public void AuthenticateAsServer(X509Certificate certificate, SslProtocols enabledSslProtocols) =>
            AuthenticateAsServer(certificate, false, enabledSslProtocols);

        public void AuthenticateAsServer(X509Certificate certificate, bool clientCertificateRequired, SslProtocols enabledSslProtocols)
        {
            ArgumentNullException.ThrowIfNull(certificate);
            if (certificate is not X509Certificate2 withKey || !withKey.HasPrivateKey)
            {
                throw new ArgumentException("a TLS server needs an X509Certificate2 with its private key");
            }

            var tls = new desktop::System.Net.Security.SslStream(_plain, false);
            tls.AuthenticateAsServer(withKey.DesktopWithKey(), clientCertificateRequired, Protocols(enabledSslProtocols), false);
            _tls = tls;
            IsServer = true;
        }

        public void AuthenticateAsClient(string targetHost, SslProtocols enabledSslProtocols) =>
            AuthenticateAsClient(targetHost, null, enabledSslProtocols);

        public void AuthenticateAsClient(string targetHost, X509Certificate? ca, SslProtocols enabledSslProtocols)
        {
            var tls = new desktop::System.Net.Security.SslStream(_plain, false, (sender, presented, chain, errors) =>
            {
                if (errors == global::System.Net.Security.SslPolicyErrors.None)
                {
                    return true;
                }

                if (ca == null || presented == null || chain == null)
                {
                    return false;
                }

                chain.ChainPolicy.TrustMode = desktop::System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca.Desktop());
                chain.ChainPolicy.RevocationMode = desktop::System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                return chain.Build(new desktop::System.Security.Cryptography.X509Certificates.X509Certificate2(presented));
            });
            tls.AuthenticateAsClient(targetHost, null, Protocols(enabledSslProtocols), false);
            _tls = tls;
        }

        public override int Read(byte[] buffer, int offset, int count) => Tls().Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => Tls().Read(buffer);

        public override int ReadByte() => Tls().ReadByte();

        public override void Write(byte[] buffer, int offset, int count) => Tls().Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => Tls().Write(buffer);

        public override void Flush() => Tls().Flush();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _tls?.Dispose();
                _plain.Dispose();
            }

            base.Dispose(disposing);
        }

        private desktop::System.Net.Security.SslStream Tls() => _tls ?? throw new IOException("the TLS handshake has not completed");

        private static global::System.Security.Authentication.SslProtocols Protocols(SslProtocols nano)
        {
            var protocols = global::System.Security.Authentication.SslProtocols.None;
            if ((nano & SslProtocols.Tls12) != 0)
            {
                protocols |= global::System.Security.Authentication.SslProtocols.Tls12;
            }

            if ((nano & SslProtocols.Tls13) != 0)
            {
                protocols |= global::System.Security.Authentication.SslProtocols.Tls13;
            }

            if (protocols == global::System.Security.Authentication.SslProtocols.None)
            {
                throw new NotSupportedException("only TLS 1.2 and 1.3 are emulated (asked for " + nano + ")");
            }

            return protocols;
        }
    }
}
