using Accessory.Core.Nan;

namespace Accessory.Core.Tests.Nan;

/// <summary>
/// A shared air for <see cref="INanRadio"/> fakes. Frames queue and are delivered in order by the outermost
/// Send, so a reply sent from inside a receive handler arrives after the frame that caused it, as on a real radio.
/// </summary>
internal sealed class InMemoryNanMedium
{
    private readonly List<Radio> _radios = new();
    private readonly Queue<(byte[] Source, byte[] Destination, byte[] Payload)> _queue = new();
    private bool _delivering;

    public List<(byte[] Source, byte[] Destination, NanSdfDecodeResult Frame)> Sent { get; } = new();

    /// <summary>Frames for which this says true are recorded in <see cref="Sent"/> but reach nobody.</summary>
    public Func<byte[], NanSdfDecodeResult, bool>? Lose { get; set; }

    public INanRadio Attach(byte last)
    {
        var radio = new Radio(this, new byte[] { 0x02, 0, 0, 0, 0, last });
        _radios.Add(radio);
        return radio;
    }

    public int CountSent(byte[] source, NanServiceControlType type) =>
        Sent.Count(s => s.Source.SequenceEqual(source) && s.Frame.Descriptors.Any(d => d.Type == type));

    private void Send(byte[] source, byte[] destination, byte[] payload)
    {
        var frame = NanSdfCodec.Decode(payload);
        Sent.Add((source, destination, frame));
        if (Lose?.Invoke(source, frame) == true)
        {
            return;
        }

        _queue.Enqueue((source, destination, payload));
        if (_delivering)
        {
            return;
        }

        _delivering = true;
        try
        {
            while (_queue.Count > 0)
            {
                var (from, to, bytes) = _queue.Dequeue();
                foreach (Radio radio in _radios.ToArray())
                {
                    if (!radio.Address.SequenceEqual(from) && (NanAddress.IsBroadcast(to) || radio.Address.SequenceEqual(to)))
                    {
                        radio.Deliver(from, bytes);
                    }
                }
            }
        }
        finally
        {
            _delivering = false;
        }
    }

    private sealed class Radio : INanRadio
    {
        private readonly InMemoryNanMedium _medium;

        public Radio(InMemoryNanMedium medium, byte[] address)
        {
            _medium = medium;
            Address = address;
        }

        public event NanFrameHandler? FrameReceived;

        public byte[] Address { get; }

        public void Send(byte[] destination, byte[] payload) => _medium.Send(Address, (byte[])destination.Clone(), payload);

        public void Deliver(byte[] source, byte[] payload) => FrameReceived?.Invoke((byte[])source.Clone(), payload);
    }
}
