using Accessory.Core.Ble.Improv;
using Accessory.Core.Ports;
using Accessory.Core.Device;

namespace Accessory.Simulator.Device;

/// <summary>
/// The simulator's stand-in for the board's BOOT button: press and release edges go through the firmware's own
/// ButtonGesture, and the gestures mean what they mean on the board. A short press authorizes Improv when it waits
/// for the user's confirmation and identifies otherwise; holding for the hold time (10 s, as the shipped boards)
/// erases the settings.
/// </summary>
public sealed class VirtualButton
{
    public const int DefaultHoldMilliseconds = 10_000;
    private const string Component = "button";
    private readonly ButtonGesture _gesture;
    private readonly ILog _log;

    internal VirtualButton(IClock clock, ILog log, int holdMilliseconds, Func<ImprovService?> improv, Action identify, Action factoryReset)
    {
        _log = log;
        HoldMilliseconds = holdMilliseconds;
        _gesture = new ButtonGesture(clock, holdMilliseconds);
        _gesture.ShortPress += () =>
        {
            if (improv()?.AuthorizeIfWaiting() == true)
            {
                _log.Write(LogLevel.Information, Component, "short press: Improv authorized");
                return;
            }

            _log.Write(LogLevel.Information, Component, "short press: identify");
            identify();
        };
        _gesture.LongHold += () =>
        {
            _log.Write(LogLevel.Warning, Component, $"held {holdMilliseconds} ms: factory reset");
            factoryReset();
        };
    }

    public int HoldMilliseconds { get; }

    public void Press()
    {
        _log.Write(LogLevel.Information, Component, "pressed");
        _gesture.Pressed();
    }

    public void Release()
    {
        _log.Write(LogLevel.Information, Component, "released");
        _gesture.Released();
    }
}
