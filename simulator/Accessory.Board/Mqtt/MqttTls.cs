extern alias desktop;
using System.Security.Cryptography.X509Certificates;

namespace Accessory.Board.Emulation
{
    /// <summary>The broker check M2Mqtt makes with a CA: the chain must end at that CA (no system store).</summary>
    internal static class MqttTls
    {
        public static bool Trusts(X509Certificate? ca, desktop::System.Security.Cryptography.X509Certificates.X509Certificate? presented, global::System.Net.Security.SslPolicyErrors errors)
        {
            if (presented == null || ca == null || (errors & global::System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using var chain = new desktop::System.Security.Cryptography.X509Certificates.X509Chain();
            chain.ChainPolicy.TrustMode = desktop::System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = desktop::System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(ca.DesktopCertificate());
            using var leaf = desktop::System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
            return chain.Build(leaf);
        }
    }
}
