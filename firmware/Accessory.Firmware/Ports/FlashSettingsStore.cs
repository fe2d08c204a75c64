using System;
using System.IO;
using Accessory.Core.Ports;

namespace Accessory.Firmware.Ports
{
    /// <summary>
    /// ISettingsStore on the board's internal flash file system (drive I: on ESP32). The image bytes are the core's
    /// SettingsCodec format with its CRC-32, exactly as the simulator stores them; a damaged image is detected and
    /// moved aside by the core's SettingsRepository, as in the simulator.
    /// A write goes to a new file first, then replaces the committed one: a power cut leaves the old image, or the
    /// new complete one under the temporary name, which Read promotes.
    /// </summary>
    public sealed class FlashSettingsStore : ISettingsStore
    {
        private readonly string _path;
        private readonly string _pending;

        public FlashSettingsStore(string directory)
        {
            if (directory == null || directory.Length == 0)
            {
                throw new ArgumentException("the settings folder must be named (e.g. I:\\accessory)");
            }

            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory);
            }

            _path = Path.Combine(directory, "settings.bin");
            _pending = Path.Combine(directory, "settings.bin.new");
        }

        public byte[]? Read()
        {
            if (!File.Exists(_path))
            {
                if (!File.Exists(_pending))
                {
                    return null;
                }

                // The power went between deleting the old image and renaming the new one: the new one is complete.
                File.Move(_pending, _path);
            }

            return File.ReadAllBytes(_path);
        }

        public void Write(byte[] image)
        {
            if (image == null)
            {
                throw new ArgumentNullException(nameof(image));
            }

            if (File.Exists(_pending))
            {
                File.Delete(_pending);
            }

            using (var stream = new FileStream(_pending, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(image, 0, image.Length);
                stream.Flush();
            }

            // nanoFramework's File.Move does not replace an existing file.
            if (File.Exists(_path))
            {
                File.Delete(_path);
            }

            File.Move(_pending, _path);
        }

        public string MoveAside(string reason)
        {
            string target = _path + ".corrupt-" + DateTime.UtcNow.Ticks.ToString();
            File.Move(_path, target);
            File.WriteAllText(target + ".reason.txt", reason + "\n");
            return target;
        }
    }
}
