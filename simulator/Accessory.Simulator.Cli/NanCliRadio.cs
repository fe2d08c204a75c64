using Accessory.Core.Ports;
using Accessory.Simulator.Nan;

namespace Accessory.Simulator.Cli;

/// <summary>Opens the simulated NAN medium for a `nan` command, turning the reasons it cannot into one error line.</summary>
internal static class NanCliRadio
{
    /// <summary>The radio, or null after printing "error: cannot open the NAN medium on IFACE: why".</summary>
    public static async Task<UdpNanRadio?> OpenAsync(string interfaceName, ILog? log = null)
    {
        try
        {
            return UdpNanRadio.Open(new UdpNanRadioOptions { InterfaceName = interfaceName }, log);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ArgumentException or PlatformNotSupportedException)
        {
            await Console.Error.WriteLineAsync($"error: cannot open the NAN medium on {interfaceName}: {e.Message}").ConfigureAwait(false);
            return null;
        }
    }
}
