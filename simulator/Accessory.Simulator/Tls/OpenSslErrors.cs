using System.Text;

namespace Accessory.Simulator.Tls;

/// <summary>
/// Reads OpenSSL's per-thread error queue. Its entries are library/reason codes and file names, never key material,
/// so they are safe to put in exception messages.
/// </summary>
internal static class OpenSslErrors
{
    // The queue holds at most 16 entries per thread; the bound only guards against a misbehaving library.
    private const int MaxEntries = 16;

    /// <summary>Empties the queue so the next call's failure is not mixed with an older one.</summary>
    public static void Clear() => LibSsl.ERR_clear_error();

    /// <summary>All queued errors, oldest first, joined by "; " ("no OpenSSL error queued" if empty); empties the queue.</summary>
    public static string Take()
    {
        var reasons = new List<string>();
        Span<byte> text = stackalloc byte[256];
        for (var i = 0; i < MaxEntries; i++)
        {
            var code = LibSsl.ERR_get_error();
            if (code == 0)
            {
                break;
            }

            text.Clear();
            LibSsl.ERR_error_string_n(code, text, (nuint)text.Length);
            var end = text.IndexOf((byte)0);
            reasons.Add(Encoding.UTF8.GetString(end < 0 ? text : text[..end]));
        }

        LibSsl.ERR_clear_error();
        return reasons.Count == 0 ? "no OpenSSL error queued" : string.Join("; ", reasons);
    }
}
