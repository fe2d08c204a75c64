using Accessory.Core.Device;
using Accessory.Firmware.Ports;
using Accessory.TestKit;

namespace Accessory.Core.Tests.Firmware;

/// <summary>
/// The firmware's button gestures and LED patterns (their source files, compiled for the desktop): short press,
/// the 10 s factory-reset hold raised while still held, and a distinct pattern per lifecycle state.
/// </summary>
public class ButtonAndLedTests
{
    private readonly ManualClock _clock = new();
    private readonly ButtonGesture _button;
    private int _shortPresses;
    private int _holds;

    public ButtonAndLedTests()
    {
        _button = new ButtonGesture(_clock, 10_000);
        _button.ShortPress += () => _shortPresses++;
        _button.LongHold += () => _holds++;
    }

    [Fact]
    public void A_quick_press_is_a_short_press()
    {
        _button.Pressed();
        _clock.Advance(300);
        _button.Released();

        Assert.Equal(1, _shortPresses);
        Assert.Equal(0, _holds);
    }

    [Fact]
    public void Holding_ten_seconds_raises_the_hold_once_while_held_and_no_short_press()
    {
        _button.Pressed();
        _clock.Advance(9_999);
        Assert.Equal(0, _holds);
        _clock.Advance(1);
        Assert.Equal(1, _holds);
        _clock.Advance(20_000);
        _button.Released();

        Assert.Equal(1, _holds);
        Assert.Equal(0, _shortPresses);
    }

    [Fact]
    public void A_hesitant_press_between_short_and_hold_does_nothing()
    {
        _button.Pressed();
        _clock.Advance(5_000);
        _button.Released();
        _clock.Advance(20_000);

        Assert.Equal(0, _shortPresses);
        Assert.Equal(0, _holds);
    }

    [Fact]
    public void A_release_without_a_press_and_a_repeated_press_edge_are_ignored()
    {
        _button.Released();
        _button.Pressed();
        _clock.Advance(6_000);
        _button.Pressed();
        _clock.Advance(4_000);

        Assert.Equal(1, _holds);
        Assert.Equal(0, _shortPresses);
    }

    [Fact]
    public void A_hold_shorter_than_a_short_press_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ButtonGesture(_clock, 1_000));
    }

    [Fact]
    public void Each_state_has_its_own_led_pattern_and_online_is_steady()
    {
        string Pattern(DeviceState state) => new(Enumerable.Range(0, LedPattern.TicksPerCycle).Select(t => LedPattern.On(state, t) ? '#' : '.').ToArray());

        var patterns = new[] { DeviceState.Unprovisioned, DeviceState.Provisioning, DeviceState.Connecting, DeviceState.Online }.Select(Pattern).ToList();

        Assert.Equal(4, patterns.Distinct().Count());
        Assert.Equal(new string('#', 20), patterns[3]);
        Assert.Equal("##########..........", patterns[0]);
        Assert.Equal("#.#.................", patterns[2]);
    }
}
