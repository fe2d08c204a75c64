using System.CommandLine;

namespace Accessory.Simulator.Cli;

/// <summary>Options the `ble` commands share.</summary>
internal static class BleCliOptions
{
    public static Option<string> Socket { get; } = new("--socket")
    {
        Description = "The device's virtual BLE socket, e.g. <data-dir>/ble.sock (see docs/ble-virtual-link.md).",
        Required = true,
    };
}
