using System.Net;
using Accessory.Phone.Security;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;
using Microsoft.Extensions.Logging.Abstractions;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// An unprovisioned simulated device on a free loopback port, timed for benchmarks: no apply delay and a radio
/// that joins in 1-2 ms, so a flow measures protocol and crypto work rather than simulated radio waits.
/// </summary>
internal static class BenchDevice
{
    public const string Pop = "bench-pop";
    public const string Password = "bench-password";
    public static readonly TimingModel Timing = new("bench", 1, 1, 2);

    // Phones use the same fast native primitives as the device, so the figures show the protocol's cost, not
    // BouncyCastle's managed curve arithmetic (which would make the phones the bottleneck on a 2-core machine).
    private static readonly DotNetCryptoProvider Crypto = new();

    public static async Task<SimulatedDevice> StartAsync(string dataDirectory, int security, RadioEnvironment environment)
    {
        var options = new DeviceOptions
        {
            DataDirectory = dataDirectory,
            RadioEnvironment = environment.WithTiming(Timing),
            SoftAp = new SoftApOptions
            {
                Security = security,
                ProofOfPossession = Pop,
                Password = Password,
                BindAddress = IPAddress.Loopback,
                HttpPort = 0,
                ApplyDelayMilliseconds = 0,
            },
        };
        var device = new SimulatedDevice(options, NullLoggerFactory.Instance, new CryptoRandom());
        await device.StartAsync().ConfigureAwait(false);
        return device;
    }

    public static ISecurityClient Client(int security) => security switch
    {
        0 => new Sec0Client(),
        1 => new Sec1Client(System.Text.Encoding.UTF8.GetBytes(Pop), Crypto.X25519PublicKey, Crypto.X25519SharedSecret),
        _ => new Sec2Client("wifiprov", Password, 1, OpenSslModPow.IsAvailable ? OpenSslModPow.Compute : null),
    };
}
