namespace Accessory.Core.Commands;

/// <summary>What the body must do after a command's result went out.</summary>
public enum CommandAction
{
    None = 0,
    Identify = 1,
    Reboot = 2,
    FactoryReset = 3,
}
