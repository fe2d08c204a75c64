extern alias board;
extern alias firmwarebody;
using Accessory.Core.Device;
using Accessory.Simulator.Device;
using PinBus = board::Accessory.Board.Emulation.PinBus;
using FirmwareBoard = firmwarebody::Accessory.Firmware.Board.BoardDefinition;
using LedPattern = firmwarebody::Accessory.Firmware.Ports.LedPattern;
using LedTicker = firmwarebody::Accessory.Firmware.Ports.LedTicker;

namespace Accessory.Simulator.Cli;

/// <summary>
/// The simulator body's BOOT button and status LED on the same control socket as the emulated board's
/// (board/gpio.sock in the data folder, mode 0600, served by the board's own PinBus), so `accessory-sim board` and
/// tests drive both bodies alike. The button's edges go to the VirtualButton (the core's ButtonGesture); the LED
/// shows the firmware's LedPattern for the lifecycle state, identify overriding it, ticking every 100 ms as the
/// firmware's StatusLed does. The pin numbers and polarities are those of the board the firmware is compiled for.
/// </summary>
internal sealed class SimulatorBoardPins : IDisposable
{
    private readonly PinBus _pins;
    private readonly FirmwareBoard _board;
    private readonly VirtualButton _button;
    private readonly DeviceLifecycle _lifecycle;
    private readonly Timer _led;
    private readonly object _gate = new();
    private readonly LedTicker _ticker = new();
    private bool _pressed;

    private SimulatorBoardPins(string dataDirectory, FirmwareBoard board, SimulatedDevice device)
    {
        _board = board;
        _button = device.Button;
        _lifecycle = device.Lifecycle;
        string folder = Path.Combine(dataDirectory, "board");
        Directory.CreateDirectory(folder);
        _pins = new PinBus(Path.Combine(folder, "gpio.sock"));
        // The button's pull holds the pin at its released level; a press drives it to the other.
        _pins.SetPull(board.ButtonPin, board.ButtonActiveLow);
        _pins.ExternalChange += OnExternalChange;
        device.Commands.IdentifyRequested += seconds =>
        {
            lock (_gate)
            {
                _ticker.Identify(seconds);
            }
        };
        Step();
        _led = new Timer(_ => Step(), null, LedPattern.TickMilliseconds, LedPattern.TickMilliseconds);
        _pins.Serve();
    }

    /// <summary>Serves the pins of the board named <paramref name="boardName"/>, or of the default board when the firmware has no such board.</summary>
    public static SimulatorBoardPins Serve(string dataDirectory, string boardName, SimulatedDevice device)
    {
        var board = BoardCommand.Find(boardName) ?? BoardCommand.Find(BoardCliOption.DefaultName)!;
        return new SimulatorBoardPins(dataDirectory, board, device);
    }

    public string SocketPath => _pins.SocketPath;

    public void Dispose()
    {
        _led.Dispose();
        _pins.Dispose();
    }

    private void OnExternalChange(int pin, bool high)
    {
        if (pin != _board.ButtonPin)
        {
            return;
        }

        bool pressed = high != _board.ButtonActiveLow;
        lock (_gate)
        {
            if (pressed == _pressed)
            {
                return;
            }

            _pressed = pressed;
        }

        if (pressed)
        {
            _button.Press();
        }
        else
        {
            _button.Release();
        }
    }

    private void Step()
    {
        bool on;
        lock (_gate)
        {
            on = _ticker.Next(_lifecycle.State);
        }

        _pins.Write(_board.StatusLedPin, on != _board.StatusLedActiveLow);
    }
}
