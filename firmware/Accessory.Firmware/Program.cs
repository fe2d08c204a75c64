using System.Threading;
using Accessory.Core.Ports;
using Accessory.Firmware.Board;
using Accessory.Firmware.Ports;

namespace Accessory.Firmware
{
    /// <summary>Firmware entry point: picks the board, assembles the device on nanoFramework ports and runs it.</summary>
    public static class Program
    {
        public static void Main()
        {
            ILog log = new DebugLog(LogLevel.Information);
            // The board this image is built for; its pins come from hardware/boards/*.yaml (Boards.g.cs).
            BoardDefinition board = Boards.Esp32Devkitc;
            log.Write(LogLevel.Information, "boot", "Accessory firmware " + FirmwareOptions.FirmwareVersion + " on " + board.Name);
            var device = new FirmwareDevice(board, log);
            device.Start();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
