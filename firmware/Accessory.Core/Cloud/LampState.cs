using System;
using Accessory.Core.Cloud.Json;

namespace Accessory.Core.Cloud;

/// <summary>Raised after the lamp's power or brightness changed.</summary>
public delegate void LampChangedHandler(LampState lamp);

/// <summary>The lamp accessory's state: power and brightness 0..100.</summary>
public sealed class LampState
{
    public const int MaxBrightness = 100;

    private readonly object _gate = new object();
    private bool _on;
    private int _brightness = MaxBrightness;

    public event LampChangedHandler? Changed;

    public bool On
    {
        get
        {
            lock (_gate)
            {
                return _on;
            }
        }
    }

    public int Brightness
    {
        get
        {
            lock (_gate)
            {
                return _brightness;
            }
        }
    }

    public void SetPower(bool on)
    {
        lock (_gate)
        {
            if (_on == on)
            {
                return;
            }

            _on = on;
        }

        Changed?.Invoke(this);
    }

    public void SetBrightness(int brightness)
    {
        if (brightness < 0 || brightness > MaxBrightness)
        {
            throw new ArgumentOutOfRangeException(nameof(brightness), "brightness is 0..100");
        }

        lock (_gate)
        {
            if (_brightness == brightness)
            {
                return;
            }

            _brightness = brightness;
        }

        Changed?.Invoke(this);
    }

    /// <summary>
    /// Sets power and/or brightness together (a partial update from the local API), raising
    /// <see cref="Changed"/> once when anything changed, so subscribers never see half of the update.
    /// </summary>
    public void Update(bool setPower, bool on, bool setBrightness, int brightness)
    {
        if (setBrightness && (brightness < 0 || brightness > MaxBrightness))
        {
            throw new ArgumentOutOfRangeException(nameof(brightness), "brightness is 0..100");
        }

        lock (_gate)
        {
            bool powerChanges = setPower && _on != on;
            bool brightnessChanges = setBrightness && _brightness != brightness;
            if (!powerChanges && !brightnessChanges)
            {
                return;
            }

            if (powerChanges)
            {
                _on = on;
            }

            if (brightnessChanges)
            {
                _brightness = brightness;
            }
        }

        Changed?.Invoke(this);
    }

    /// <summary>{"on":bool,"brightness":n}, the retained state document.</summary>
    public byte[] ToJson()
    {
        bool on;
        int brightness;
        lock (_gate)
        {
            on = _on;
            brightness = _brightness;
        }

        return new JsonWriter().WriteBoolean("on", on).WriteNumber("brightness", brightness).ToBytes();
    }
}
