namespace Accessory.Simulator.Radio;

/// <summary>The world the simulated station sees: access points, its own radio's limits and the timing model.</summary>
public sealed class RadioEnvironment
{
    public const string DefaultResourceName = "Accessory.Simulator.Radio.default-environment.yaml";

    public RadioEnvironment(IReadOnlyList<AccessPointDefinition> accessPoints, DeviceRadioModel device, TimingModel timing)
    {
        AccessPoints = accessPoints;
        Device = device;
        Timing = timing;
    }

    public IReadOnlyList<AccessPointDefinition> AccessPoints { get; }

    public DeviceRadioModel Device { get; }

    public TimingModel Timing { get; }

    /// <summary>The environment shipped inside the simulator, so it runs with no arguments.</summary>
    public static RadioEnvironment LoadDefault()
    {
        using var stream = typeof(RadioEnvironment).Assembly.GetManifestResourceStream(DefaultResourceName)
            ?? throw new InvalidOperationException("the default radio environment is not embedded in " + typeof(RadioEnvironment).Assembly.GetName().Name);
        using var reader = new StreamReader(stream);
        return RadioEnvironmentLoader.Parse(reader.ReadToEnd(), "default-environment.yaml");
    }

    public static RadioEnvironment LoadFile(string path) => RadioEnvironmentLoader.Parse(File.ReadAllText(path), path);

    /// <summary>The same environment with another timing model (e.g. <c>--timing fast</c> on the command line).</summary>
    public RadioEnvironment WithTiming(TimingModel timing) => new RadioEnvironment(AccessPoints, Device, timing);
}
