using System;
using System.IO;
using Accessory.Simulator.Radio;

namespace Accessory.Board.Emulation
{
    /// <summary>What the emulated board is: where its flash lives, what its radio hears, how its station is reached.</summary>
    public sealed class BoardConfiguration
    {
        public BoardConfiguration(string flashFolder, RadioEnvironment environment)
        {
            ArgumentException.ThrowIfNullOrEmpty(flashFolder);
            ArgumentNullException.ThrowIfNull(environment);
            FlashFolder = Path.GetFullPath(flashFolder);
            Environment = environment;
        }

        /// <summary>The internal flash drive (I: on an ESP32).</summary>
        public string FlashFolder { get; }

        /// <summary>Files of the board that are not on its flash drive: eFuse MAC, NVS-kept AP configuration, GPIO socket.</summary>
        public string BoardFolder => Path.Combine(FlashFolder, "board");

        public RadioEnvironment Environment { get; }

        /// <summary>
        /// The station's IPv4 address once joined. Null: the virtual AP's DHCP address (not routable on this host, so
        /// nothing is multicast). Tests set the address of an interface inside their network namespace.
        /// </summary>
        public string? StationAddress { get; init; }

        /// <summary>The address the SoftAP interface has (192.168.4.1 on a board; sockets still bind to any).</summary>
        public string SoftApAddress { get; init; } = "192.168.4.1";
    }
}
