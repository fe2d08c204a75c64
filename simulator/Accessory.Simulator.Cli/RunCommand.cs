using System.CommandLine;
using Accessory.Core.Device;
using Accessory.Simulator;
using Accessory.Simulator.Platform;
using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Cli;

/// <summary>`accessory-sim run`: starts one simulated device and keeps it up until Ctrl+C.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var name = new Option<string?>("--name") { Description = "Advertised device name (default: PROV_ + last 3 MAC bytes)." };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Minimum log level: Trace, Debug, Information, Warning, Error.",
            DefaultValueFactory = _ => LogLevel.Information,
        };
        var command = new Command("run", "Start one simulated accessory with sensible defaults; stop it with Ctrl+C.")
        {
            CommonOptions.Device,
            CommonOptions.DataDir,
            name,
            logLevel,
        };
        command.SetAction(async (result, cancel) =>
        {
            using var stop = new StopSignal(cancel);
            using var loggers = Logging.Create(result.GetValue(logLevel));
            var options = new DeviceOptions
            {
                DataDirectory = CommonOptions.ResolveDataDirectory(result),
                Name = result.GetValue(name),
            };
            using var device = new SimulatedDevice(options, new LoggerLog(loggers), new CryptoRandom());
            device.Start();
            PrintExposure(device, options);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Console.Out.WriteLine("stopping...");
            }

            return 0;
        });
        return command;
    }

    private static void PrintExposure(SimulatedDevice device, DeviceOptions options)
    {
        var o = Console.Out;
        o.WriteLine($"device:   {device.Name} (id {device.Identity.DeviceId})");
        o.WriteLine($"state:    {DeviceLifecycle.StateName(device.Lifecycle.State)}");
        o.WriteLine($"data:     {options.DataDirectory}");
        if (device.SettingsProblem != null)
        {
            o.WriteLine($"warning:  stored settings were unreadable and were moved aside ({device.SettingsProblem})");
        }

        o.WriteLine("ready; press Ctrl+C to stop");
        o.Flush();
    }
}
