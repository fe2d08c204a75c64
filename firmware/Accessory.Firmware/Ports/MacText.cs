using Accessory.Core.Text;

namespace Accessory.Firmware.Ports
{
    /// <summary>WifiAvailableNetwork.Bsid is text ("aa:bb:cc:dd:ee:ff" or bare hex); the core wants six bytes.</summary>
    internal static class MacText
    {
        public static byte[] Parse(string text)
        {
            var mac = new byte[6];
            if (text == null)
            {
                return mac;
            }

            int n = 0;
            for (int i = 0; i + 1 < text.Length && n < 6; i++)
            {
                int high = Hex.Digit(text[i]);
                int low = Hex.Digit(text[i + 1]);
                if (high < 0 || low < 0)
                {
                    continue;
                }

                mac[n++] = (byte)((high << 4) | low);
                i++;
            }

            return mac;
        }
    }
}
