using System;
using Accessory.Core.Text;

namespace Accessory.Core.Mdns;

/// <summary>
/// A domain name as its wire labels. Labels are raw bytes (DNS-SD instance names are free UTF-8 and may hold dots
/// or spaces), so a name is never re-split from text once built; comparison folds ASCII case only (RFC 6762 16).
/// </summary>
public sealed class DnsName
{
    public const int MaxLabelLength = 63;
    public const int MaxWireLength = 255;

    private readonly byte[][] _labels;

    public DnsName(byte[][] labels)
    {
        int wire = 1;
        for (int i = 0; i < labels.Length; i++)
        {
            int length = labels[i].Length;
            if (length == 0 || length > MaxLabelLength)
            {
                throw new ArgumentException("a DNS label has 1 to 63 bytes");
            }

            wire += length + 1;
        }

        if (wire > MaxWireLength)
        {
            throw new ArgumentException("a DNS name has at most 255 bytes on the wire");
        }

        _labels = new byte[labels.Length][];
        for (int i = 0; i < labels.Length; i++)
        {
            _labels[i] = (byte[])labels[i].Clone();
        }
    }

    public static DnsName Root { get; } = new DnsName(new byte[0][]);

    public int LabelCount => _labels.Length;

    /// <summary>Bytes this name takes uncompressed, terminating zero included.</summary>
    public int WireLength
    {
        get
        {
            int wire = 1;
            for (int i = 0; i < _labels.Length; i++)
            {
                wire += _labels[i].Length + 1;
            }

            return wire;
        }
    }

    /// <summary>Builds a name from dotted text with no escapes (host names, service types such as _accessory._tcp.local).</summary>
    public static DnsName Parse(string dotted)
    {
        if (dotted.Length == 0 || dotted == ".")
        {
            return Root;
        }

        string text = dotted[dotted.Length - 1] == '.' ? dotted.Substring(0, dotted.Length - 1) : dotted;
        int count = 1;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '.')
            {
                count++;
            }
        }

        var labels = new byte[count][];
        int start = 0;
        int n = 0;
        for (int i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || text[i] == '.')
            {
                labels[n++] = Utf8.Encode(text.Substring(start, i - start));
                start = i + 1;
            }
        }

        return new DnsName(labels);
    }

    /// <summary>One label (taken verbatim, dots and all) in front of <paramref name="parent"/>.</summary>
    public static DnsName Child(string label, DnsName parent)
    {
        var labels = new byte[parent._labels.Length + 1][];
        labels[0] = Utf8.Encode(label);
        for (int i = 0; i < parent._labels.Length; i++)
        {
            labels[i + 1] = parent._labels[i];
        }

        return new DnsName(labels);
    }

    public byte[] GetLabel(int index) => (byte[])_labels[index].Clone();

    /// <summary>The label decoded as UTF-8 (malformed bytes become U+FFFD).</summary>
    public string GetLabelText(int index) => Utf8.Decode(_labels[index]);

    /// <summary>The name without its first <paramref name="count"/> labels.</summary>
    public DnsName Suffix(int count)
    {
        var labels = new byte[_labels.Length - count][];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = _labels[i + count];
        }

        return new DnsName(labels);
    }

    /// <summary>Case-insensitive (ASCII only) equality, as DNS compares names.</summary>
    public bool SameAs(DnsName other)
    {
        if (_labels.Length != other._labels.Length)
        {
            return false;
        }

        for (int i = 0; i < _labels.Length; i++)
        {
            if (!LabelEquals(_labels[i], other._labels[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Presentation form: dots and backslashes inside labels escaped, so a.b stays one label.</summary>
    public override string ToString()
    {
        if (_labels.Length == 0)
        {
            return ".";
        }

        string result = string.Empty;
        for (int i = 0; i < _labels.Length; i++)
        {
            if (i > 0)
            {
                result += ".";
            }

            string label = Utf8.Decode(_labels[i]);
            for (int k = 0; k < label.Length; k++)
            {
                char c = label[k];
                result += c == '.' || c == '\\' ? "\\" + c : c.ToString();
            }
        }

        return result;
    }

    internal byte[] RawLabel(int index) => _labels[index];

    internal static bool LabelEquals(byte[] a, byte[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (FoldCase(a[i]) != FoldCase(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    internal static int FoldCase(int b) => b >= 'A' && b <= 'Z' ? b + 32 : b;
}
