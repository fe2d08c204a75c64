using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using Accessory.Board.Emulation;
using Accessory.Core.Ports;
using Accessory.Firmware.Board;
using Accessory.Firmware.Ports;
using Accessory.Simulator.Radio;

namespace Accessory.Firmware.Desktop
{
    /// <summary>
    /// Boots the firmware on the emulated board: reads the board's wiring from the command line (what a product
    /// build would bake into FirmwareOptions, and what the board itself is: its flash folder, radio environment,
    /// station address), then runs the firmware's own FirmwareDevice exactly as Program.Main does.
    /// A reboot ends the process with exit code 3; `accessory-sim run --body firmware` starts it again.
    /// </summary>
    public static class DesktopBoardHost
    {
        public static int Main(string[] args)
        {
            HostOptions options;
            try
            {
                options = HostOptions.Parse(args);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                Console.Error.WriteLine(HostOptions.Usage);
                return 2;
            }

            // Debug.WriteLine (the firmware's DebugLog) is the board's serial console: here, standard output.
            Trace.Listeners.Add(new TextWriterTraceListener(Console.Out));
            Trace.AutoFlush = true;
            var environment = options.RadioEnvironmentFile == null ? RadioEnvironment.LoadDefault() : RadioEnvironment.LoadFile(options.RadioEnvironmentFile);
            if (options.Timing != null)
            {
                environment = environment.WithTiming(options.Timing == "fast" ? TimingModel.Fast : TimingModel.Realistic);
            }

            var board = Boards.Esp32Devkitc;
            foreach (var candidate in Boards.All)
            {
                if (candidate.Name == options.Board)
                {
                    board = candidate;
                }
            }

            if (board.Name != options.Board)
            {
                Console.Error.WriteLine("error: --board: no board named '" + options.Board + "' is compiled into the firmware (Boards.g.cs)");
                return 2;
            }

            EmulatedBoard.Configure(new BoardConfiguration(options.DataFolder, environment) { StationAddress = options.StationAddress });
            EmulatedBoard.Pins.Serve();
            FirmwareOptions.SettingsFolder = Path.Combine(options.DataFolder, "flash");
            FirmwareOptions.ProvisioningHttpPort = options.HttpPort;
            FirmwareOptions.LocalApiPort = options.ApiPort;
            if (options.BrokerHost != null)
            {
                FirmwareOptions.BrokerHost = options.BrokerHost;
                FirmwareOptions.BrokerPort = options.BrokerPort;
            }

            Console.Out.WriteLine("board:    " + board.Name + " (" + board.Chip + ", emulated), gpio control " + EmulatedBoard.Pins.SocketPath);
            if (board == Boards.Esp32Devkitc)
            {
                // The firmware's own entry point, unchanged.
                Program.Main();
                return 0;
            }

            ILog log = new DebugLog(LogLevel.Information);
            log.Write(LogLevel.Information, "boot", "Accessory firmware " + FirmwareOptions.FirmwareVersion + " on " + board.Name);
            new FirmwareDevice(board, log).Start();
            System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);
            return 0;
        }
    }
}
