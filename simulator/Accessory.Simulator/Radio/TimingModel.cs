namespace Accessory.Simulator.Radio;

/// <summary>
/// How long the virtual radio takes: <c>realistic</c> mirrors an ESP32 (scan about 2 s, join 3-6 s) so people
/// see what a phone app sees; <c>fast</c> keeps the same ordering of events in tens of milliseconds for CI.
/// </summary>
public sealed class TimingModel
{
    public TimingModel(string name, int scanMilliseconds, int connectMinMilliseconds, int connectMaxMilliseconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfNegative(scanMilliseconds);
        ArgumentOutOfRangeException.ThrowIfNegative(connectMinMilliseconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(connectMaxMilliseconds, connectMinMilliseconds);
        Name = name;
        ScanMilliseconds = scanMilliseconds;
        ConnectMinMilliseconds = connectMinMilliseconds;
        ConnectMaxMilliseconds = connectMaxMilliseconds;
    }

    public static TimingModel Realistic { get; } = new TimingModel("realistic", 2000, 3000, 6000);

    public static TimingModel Fast { get; } = new TimingModel("fast", 20, 30, 60);

    public string Name { get; }

    public int ScanMilliseconds { get; }

    public int ConnectMinMilliseconds { get; }

    public int ConnectMaxMilliseconds { get; }
}
