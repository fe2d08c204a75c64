using System.Text;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;

namespace Accessory.Simulator.Provisioning;

/// <summary>Builds the security scheme an ESP32 would be flashed with, from the simulator's options.</summary>
internal static class SecuritySetup
{
    public static ISecurityScheme Create(SoftApOptions options, ICryptoProvider crypto, IRandom random)
    {
        switch (options.Security)
        {
            case 0:
                return new Sec0Scheme();
            case 1:
                var pop = string.IsNullOrEmpty(options.ProofOfPossession) ? null : Encoding.UTF8.GetBytes(options.ProofOfPossession);
                return new Sec1Scheme(crypto, random, pop);
            default:
                var group = SrpGroup.Rfc5054Group3072(crypto);
                var credentials = SrpCredentialsFactory.Create(group, random, options.Username, options.Password);
                return new Sec2Scheme(crypto, random, group, credentials, options.Sec2PatchVersion);
        }
    }

    public static ProvisioningQr Qr(SoftApOptions options, string deviceName)
    {
        return options.Security switch
        {
            0 => new ProvisioningQr(deviceName, ProvisioningQr.SoftApTransport),
            1 => new ProvisioningQr(deviceName, ProvisioningQr.SoftApTransport) { Pop = string.IsNullOrEmpty(options.ProofOfPossession) ? null : options.ProofOfPossession },
            _ => new ProvisioningQr(deviceName, ProvisioningQr.SoftApTransport) { Pop = options.Password, Username = options.Username },
        };
    }
}
