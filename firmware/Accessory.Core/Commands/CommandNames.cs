namespace Accessory.Core.Commands;

/// <summary>The command names every transport accepts (MQTT cmd/&lt;name&gt;, local API /commands/&lt;name&gt;).</summary>
public static class CommandNames
{
    public const string Power = "power";
    public const string Brightness = "brightness";
    public const string Identify = "identify";
    public const string Reboot = "reboot";
    public const string FactoryReset = "factory-reset";

    public static bool IsKnown(string? name)
    {
        return name == Power || name == Brightness || name == Identify || name == Reboot || name == FactoryReset;
    }
}
