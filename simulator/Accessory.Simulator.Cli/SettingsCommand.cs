using System.CommandLine;
using Accessory.Core.Settings;
using Accessory.Simulator.Platform;
using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Cli;

/// <summary>`accessory-sim settings show|reset`: inspect or erase a device's stored settings (secrets redacted).</summary>
internal static class SettingsCommand
{
    public static Command Create()
    {
        var show = new Command("show", "Print the device's stored settings; secrets are shown as <redacted>.")
        {
            CommonOptions.Device,
            CommonOptions.DataDir,
        };
        show.SetAction(result =>
        {
            using var loggers = Logging.Create(LogLevel.Warning);
            using var device = Open(result, loggers);
            Console.Out.WriteLine($"{device.Name} ({device.Store.FilePath})");
            for (int i = 0; i < device.Settings.Count; i++)
            {
                var entry = device.Settings[i];
                Console.Out.WriteLine($"  {entry.Key,-20} {SettingsDisplay.Format(entry)}");
            }

            return 0;
        });

        var reset = new Command("reset", "Factory reset: erase credentials and everything else except the device identity.")
        {
            CommonOptions.Device,
            CommonOptions.DataDir,
        };
        reset.SetAction(result =>
        {
            using var loggers = Logging.Create(LogLevel.Warning);
            using var device = Open(result, loggers);
            device.FactoryReset();
            Console.Out.WriteLine($"{device.Name}: factory reset done");
            return 0;
        });

        var key = new Argument<string>("key") { Description = "The setting, e.g. api.token or broker.password.secret." };
        var secret = new Command("secret", "Print one stored value, secrets included, for the machine's owner (e.g. the local API token for curl, the embedded broker's password for mosquitto_sub).")
        {
            CommonOptions.Device,
            CommonOptions.DataDir,
            key,
        };
        secret.SetAction(result =>
        {
            using var loggers = Logging.Create(LogLevel.Warning);
            using var device = Open(result, loggers);
            string name = result.GetValue(key)!;
            for (int i = 0; i < device.Settings.Count; i++)
            {
                var entry = device.Settings[i];
                if (entry.Key == name)
                {
                    Console.Out.WriteLine(entry.Kind == SettingKind.Text ? device.Settings.GetString(name) : Convert.ToHexString(entry.Value));
                    return 0;
                }
            }

            Console.Error.WriteLine($"error: no setting '{name}' in {device.Store.FilePath}");
            return 2;
        });

        return new Command("settings", "Inspect or reset a simulated device's stored settings.") { show, reset, secret };
    }

    private static SimulatedDevice Open(ParseResult result, ILoggerFactory loggers)
    {
        var options = new DeviceOptions { DataDirectory = CommonOptions.ResolveDataDirectory(result) };
        return new SimulatedDevice(options, loggers, new CryptoRandom());
    }
}
