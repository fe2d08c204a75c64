using System.Net;
using System.Text;
using Accessory.Core.Nan;

namespace Accessory.Simulator.Cli;

/// <summary>
/// wpa_supplicant's event line, plus what a QA reader wants beside it: the service id, and the SSI as text, or as the
/// data-path message it carries.
/// </summary>
internal static class NanEventLine
{
    public static string Format(NanEvent e, NanServiceId serviceId)
    {
        NanDataPathMessage? dataPath = NanDataPathCodec.Decode(e.ServiceInfo);
        return e + " service_id=" + serviceId + (dataPath != null ? " datapath=" + Describe(dataPath) : " ssi_text=" + Printable(e.ServiceInfo));
    }

    private static string Describe(NanDataPathMessage m) => m.Type switch
    {
        NanDataPathMessageType.Request => $"request(protocol={m.Protocol},port={m.Port})",
        NanDataPathMessageType.Accept => $"accept(protocol={m.Protocol},address={new IPAddress(m.Address!)},port={m.Port})",
        _ => $"reject(reason={m.Reason})",
    };

    private static string Printable(byte[]? ssi)
    {
        if (ssi == null)
        {
            return string.Empty;
        }

        // SSI is arbitrary bytes; control characters would break the one-event-per-line output, and bytes that are
        // not UTF-8 would print as replacement characters.
        var text = new StringBuilder(Encoding.UTF8.GetString(ssi));
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsControl(text[i]) || text[i] == '\uFFFD')
            {
                text[i] = '.';
            }
        }

        return text.ToString();
    }
}
