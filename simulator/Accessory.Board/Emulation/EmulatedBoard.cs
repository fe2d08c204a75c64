extern alias desktop;
using System;
using System.IO;

using Accessory.Core.Ports;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;

namespace Accessory.Board.Emulation
{
    /// <summary>
    /// The one board this process is (nanoFramework's APIs are static, as a board is one device): its eFuse MAC,
    /// the folder that is its internal flash, the radio environment its Wi-Fi hears, its GPIO pins and what a
    /// reboot does. Configure once before the firmware starts; every emulated API reads from here.
    /// </summary>
    public static class EmulatedBoard
    {
        /// <summary>Exit code of a process that rebooted (Power.RebootDevice): the supervisor starts it again.</summary>
        public const int RebootExitCode = 3;

        private static readonly object Gate = new object();
        private static BoardConfiguration? _configuration;
        private static VirtualRadio? _radio;
        private static PinBus? _pins;

        public static BoardConfiguration Configuration
        {
            get
            {
                lock (Gate)
                {
                    return _configuration ?? throw new InvalidOperationException("the emulated board is not configured (EmulatedBoard.Configure before the firmware starts)");
                }
            }
        }

        /// <summary>The clock the virtual radio's timing runs on.</summary>
        public static IClock Clock { get; } = new SystemClock();

        public static VirtualRadio Radio
        {
            get
            {
                lock (Gate)
                {
                    return _radio ?? throw new InvalidOperationException("the emulated board is not configured");
                }
            }
        }

        public static PinBus Pins
        {
            get
            {
                lock (Gate)
                {
                    return _pins ?? throw new InvalidOperationException("the emulated board is not configured");
                }
            }
        }

        /// <summary>Called instead of a reset: by default the process ends with <see cref="RebootExitCode"/>.</summary>
        public static Action<string> Reboot { get; set; } = reason =>
        {
            Console.Error.WriteLine("board: reboot (" + reason + ")");
            Console.Error.Flush();
            Console.Out.Flush();
            Environment.Exit(RebootExitCode);
        };

        public static void Configure(BoardConfiguration configuration)
        {
            ArgumentNullException.ThrowIfNull(configuration);
            Directory.CreateDirectory(configuration.FlashFolder);
            Directory.CreateDirectory(configuration.BoardFolder);
            lock (Gate)
            {
                if (_configuration != null)
                {
                    throw new InvalidOperationException("the emulated board is configured once per process");
                }

                _configuration = configuration;
                _radio = new VirtualRadio(configuration.Environment, Clock, new CryptoRandom());
                _pins = new PinBus(Path.Combine(configuration.BoardFolder, "gpio.sock"));
            }
        }

        /// <summary>The chip's factory MAC, burnt once: generated on first use and kept with the board's files.</summary>
        public static byte[] FactoryMac()
        {
            string path = Path.Combine(Configuration.BoardFolder, "efuse-mac");
            if (File.Exists(path))
            {
                var stored = File.ReadAllBytes(path);
                if (stored.Length == 6)
                {
                    return stored;
                }
            }

            var mac = new byte[6];
            // Espressif's OUI, as a real ESP32's station MAC.
            mac[0] = 0x24;
            mac[1] = 0x0a;
            mac[2] = 0xc4;
            desktop::System.Security.Cryptography.RandomNumberGenerator.Fill(mac.AsSpan(3));
            File.WriteAllBytes(path, mac);
            return mac;
        }
    }
}
