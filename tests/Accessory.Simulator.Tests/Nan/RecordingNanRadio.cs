using System.Collections.Concurrent;
using System.Diagnostics;
using Accessory.Core.Nan;

namespace Accessory.Simulator.Tests.Nan;

/// <summary>A radio with no medium: it records what is sent (with when) and lets a test play frames in.</summary>
internal sealed class RecordingNanRadio : INanRadio
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public event NanFrameHandler? FrameReceived;

    public byte[] Address { get; } = { 0x02, 0, 0, 0, 0, 0x09 };

    public ConcurrentQueue<(TimeSpan At, byte[] Payload)> Sent { get; } = new();

    public TimeSpan Now => _clock.Elapsed;

    public void Send(byte[] destination, byte[] payload) => Sent.Enqueue((_clock.Elapsed, payload));

    public void Hear(byte[] source, byte[] payload) => FrameReceived?.Invoke(source, payload);
}
