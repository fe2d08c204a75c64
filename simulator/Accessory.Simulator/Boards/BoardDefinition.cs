namespace Accessory.Simulator.Boards;

/// <summary>One board from hardware/boards/*.yaml: its pins and what its radio can do.</summary>
public sealed class BoardDefinition
{
    public required string Name { get; init; }

    public required string Chip { get; init; }

    /// <summary>The nanoFramework firmware image (nanoff --target) that has what the accessory needs.</summary>
    public required string NanoImage { get; init; }

    public required IReadOnlyList<string> WifiBands { get; init; }

    public required string BleVersion { get; init; }

    public required bool Nan { get; init; }

    public required int StatusLedPin { get; init; }

    public required bool StatusLedActiveLow { get; init; }

    public required int ButtonPin { get; init; }

    public required bool ButtonActiveLow { get; init; }

    public required int I2cSda { get; init; }

    public required int I2cScl { get; init; }

    public required int FactoryResetHoldMilliseconds { get; init; }

    /// <summary>The radio model the simulator's virtual radio uses for this board (5 GHz only when listed).</summary>
    public Accessory.Simulator.Radio.DeviceRadioModel RadioModel() => new() { Supports5GHz = WifiBands.Contains("5GHz") };

    /// <summary>The same radio environment heard by this board: its bands replace the environment's device bands.</summary>
    public Accessory.Simulator.Radio.RadioEnvironment ApplyTo(Accessory.Simulator.Radio.RadioEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var device = new Accessory.Simulator.Radio.DeviceRadioModel
        {
            Supports5GHz = WifiBands.Contains("5GHz"),
            SupportsWpa3 = environment.Device.SupportsWpa3,
        };
        return new Accessory.Simulator.Radio.RadioEnvironment(environment.AccessPoints, device, environment.Timing);
    }
}
