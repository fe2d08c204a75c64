namespace Accessory.Simulator.Radio;

/// <summary>The frequency band an access point transmits on.</summary>
public enum WifiBand
{
    Band24GHz = 0,
    Band5GHz = 1,
}
