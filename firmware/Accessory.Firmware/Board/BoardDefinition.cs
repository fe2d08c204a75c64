namespace Accessory.Firmware.Board
{
    /// <summary>
    /// A board's pins and radio, as hardware/boards/*.yaml defines them (see Boards.g.cs, generated from there).
    /// </summary>
    public sealed class BoardDefinition
    {
        public BoardDefinition(
            string name,
            string chip,
            string nanoImage,
            string[] wifiBands,
            string bleVersion,
            bool nan,
            int statusLedPin,
            bool statusLedActiveLow,
            int buttonPin,
            bool buttonActiveLow,
            int i2cSda,
            int i2cScl,
            int factoryResetHoldMilliseconds)
        {
            Name = name;
            Chip = chip;
            NanoImage = nanoImage;
            WifiBands = wifiBands;
            BleVersion = bleVersion;
            Nan = nan;
            StatusLedPin = statusLedPin;
            StatusLedActiveLow = statusLedActiveLow;
            ButtonPin = buttonPin;
            ButtonActiveLow = buttonActiveLow;
            I2cSda = i2cSda;
            I2cScl = i2cScl;
            FactoryResetHoldMilliseconds = factoryResetHoldMilliseconds;
        }

        public string Name { get; }

        public string Chip { get; }

        public string NanoImage { get; }

        public string[] WifiBands { get; }

        public string BleVersion { get; }

        public bool Nan { get; }

        public int StatusLedPin { get; }

        public bool StatusLedActiveLow { get; }

        public int ButtonPin { get; }

        public bool ButtonActiveLow { get; }

        public int I2cSda { get; }

        public int I2cScl { get; }

        public int FactoryResetHoldMilliseconds { get; }
    }
}
