using System.Diagnostics;
using System.Globalization;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// The device's own share of a handshake: the phone's work and HTTP are excluded by timing only the security
/// scheme's calls, on one thread. This is what bounds how many sessions one device core can serve.
/// </summary>
internal static class DeviceHandshakeCost
{
    public static string Measure(int level, int count)
    {
        var crypto = new DotNetCryptoProvider();
        var random = new CryptoRandom();
        ISecurityScheme scheme = level switch
        {
            0 => new Sec0Scheme(),
            1 => new Sec1Scheme(crypto, random, System.Text.Encoding.UTF8.GetBytes(BenchDevice.Pop)),
            _ => Sec2(crypto, random),
        };
        var device = new Stopwatch();
        const int WarmUp = 20;
        for (int i = -WarmUp; i < count; i++)
        {
            if (i == 0)
            {
                device.Reset();
            }

            uint id = (uint)(i + WarmUp + 1);
            scheme.OpenSession(id);
            BenchDevice.Client(level).Handshake(request =>
            {
                device.Start();
                var response = scheme.HandleSessionRequest(id, request);
                device.Stop();
                return response;
            });
            scheme.CloseSession(id);
        }

        double micros = device.Elapsed.TotalMicroseconds / count;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"sec{level} device-side handshake cost: {micros:F0} us per session on one core = {1_000_000 / micros:F0} sessions/s per core, {Environment.ProcessorCount * 1_000_000 / micros:F0}/s on {Environment.ProcessorCount} cores (phone and HTTP excluded)");
    }

    private static Sec2Scheme Sec2(DotNetCryptoProvider crypto, CryptoRandom random)
    {
        var group = SrpGroup.Rfc5054Group3072(crypto);
        return new Sec2Scheme(crypto, random, group, SrpCredentialsFactory.Create(group, random, "wifiprov", BenchDevice.Password), 1);
    }
}
