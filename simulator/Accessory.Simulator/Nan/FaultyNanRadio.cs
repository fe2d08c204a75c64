using System.Globalization;
using Accessory.Core.Nan;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Nan;

/// <summary>
/// Puts the device's NAN faults between its publisher and the medium: nan.drop loses frames both ways (the
/// share is checked per frame so switching it at run time takes effect at once), nan.delay-match sends late.
/// </summary>
public sealed class FaultyNanRadio : INanRadio
{
    private readonly INanRadio _inner;
    private readonly ActiveFaults _faults;
    private readonly Random _random = new(20261130);
    private readonly object _gate = new();

    public FaultyNanRadio(INanRadio inner, ActiveFaults faults)
    {
        _inner = inner;
        _faults = faults;
        _inner.FrameReceived += OnFrame;
    }

    public event NanFrameHandler? FrameReceived;

    public byte[] Address => _inner.Address;

    public void Send(byte[] destination, byte[] payload)
    {
        if (Dropped())
        {
            return;
        }

        if (_faults.TryGet(FaultNames.NanDelayMatch, out var delay) && delay.GetInt("ms") > 0)
        {
            _ = Accessory.Simulator.Platform.PreciseDelay.AtLeastAsync(TimeSpan.FromMilliseconds(delay.GetInt("ms"))).ContinueWith(_ => _inner.Send(destination, payload), TaskScheduler.Default);
            return;
        }

        _inner.Send(destination, payload);
    }

    private void OnFrame(byte[] source, byte[] payload)
    {
        if (!Dropped())
        {
            FrameReceived?.Invoke(source, payload);
        }
    }

    private bool Dropped()
    {
        if (!_faults.TryGet(FaultNames.NanDrop, out var drop))
        {
            return false;
        }

        double share = double.Parse(drop.GetString("probability"), CultureInfo.InvariantCulture);
        lock (_gate)
        {
            return _random.NextDouble() < share;
        }
    }
}
