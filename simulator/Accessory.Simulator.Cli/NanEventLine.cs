using System.Text;
using Accessory.Core.Nan;

namespace Accessory.Simulator.Cli;

/// <summary>wpa_supplicant's event line, plus what a QA reader wants beside it: the service id and the SSI as text.</summary>
internal static class NanEventLine
{
    public static string Format(NanEvent e, NanServiceId serviceId) =>
        e + " service_id=" + serviceId + " ssi_text=" + Printable(e.ServiceInfo);

    private static string Printable(byte[]? ssi)
    {
        if (ssi == null)
        {
            return string.Empty;
        }

        // SSI is arbitrary bytes; control characters would break the one-event-per-line output.
        var text = new StringBuilder(Encoding.UTF8.GetString(ssi));
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]))
            {
                text[i] = '.';
            }
        }

        return text.ToString();
    }
}
