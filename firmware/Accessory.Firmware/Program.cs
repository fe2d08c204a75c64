using System.Threading;
using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Firmware.Ports;

namespace Accessory.Firmware
{
    /// <summary>
    /// Firmware entry point: wires the core to nanoFramework ports. The settings store (NVS via the board's file
    /// system), the Wi-Fi radio, BLE and the crypto engine ports arrive with their issues; until then the device
    /// boots unprovisioned and reports its lifecycle on the debug console.
    /// </summary>
    public static class Program
    {
        public static void Main()
        {
            ILog log = new DebugLog(LogLevel.Information);
            var lifecycle = new DeviceLifecycle(false);
            lifecycle.StateChanged += (from, to, trigger) =>
                log.Write(LogLevel.Information, "device", DeviceLifecycle.StateName(from) + " -> " + DeviceLifecycle.StateName(to));
            lifecycle.Fire(DeviceTrigger.StartProvisioning);
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
