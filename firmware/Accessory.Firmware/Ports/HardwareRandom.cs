using System;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// IRandom on the board. On ESP32, nanoFramework's System.Random draws from the hardware RNG (esp_random), so it
    /// is fit for keys and nonces there; this class exists so nothing else in the firmware has to know that.
    /// </summary>
    public sealed class HardwareRandom : IRandom
    {
        private readonly Random _random = new Random();
        private readonly object _gate = new object();

        public void NextBytes(byte[] buffer)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException(nameof(buffer));
            }

            lock (_gate)
            {
                _random.NextBytes(buffer);
            }
        }
    }
}
