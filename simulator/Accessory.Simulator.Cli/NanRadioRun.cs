using System.CommandLine;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Nan.Control;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Cli;

/// <summary>
/// `accessory-sim nan radio`: a simulated NAN radio driven through a wpa_supplicant-style control socket, so
/// `wpa_cli raw NAN_SUBSCRIBE ...` and wpa_supplicant scripts work against the simulated medium. Runs until
/// Ctrl+C or --seconds; events are printed as they happen.
/// </summary>
internal static class NanRadioRun
{
    private const int MaxSeconds = 7 * 24 * 3600;

    public static Command CreateCommand()
    {
        var iface = new Option<string?>("--interface") { Description = "Interface of the simulated NAN medium (required: multicast never goes to a default interface); also the control socket's name." };
        var directory = new Option<string>("--ctrl-dir")
        {
            Description = "Directory of the control socket (wpa_cli -p DIR -i IFACE). Default: a private directory under /tmp, printed at start.",
        };
        var seconds = new Option<int?>("--seconds") { Description = "Stop after this long (default: run until Ctrl+C)." };
        var command = new Command("radio", "Run a simulated NAN radio with a wpa_supplicant-style control socket (NAN_PUBLISH, NAN_SUBSCRIBE, NAN_TRANSMIT, NAN_CANCEL_*; events after ATTACH).")
        {
            iface,
            directory,
            seconds,
        };
        command.SetAction((r, cancel) => RunAsync(r.GetValue(iface), r.GetValue(directory), r.GetValue(seconds), cancel));
        return command;
    }

    private static async Task<int> RunAsync(string? interfaceName, string? directory, int? seconds, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(interfaceName))
        {
            await Console.Error.WriteLineAsync("error: --interface is required: the NAN medium is multicast and must not go out on a default interface").ConfigureAwait(false);
            return 2;
        }

        if (seconds is < 1 or > MaxSeconds)
        {
            await Console.Error.WriteLineAsync($"error: --seconds must be within 1..{MaxSeconds}").ConfigureAwait(false);
            return 2;
        }

        bool ownDirectory = directory == null;
        directory ??= Path.Combine(Path.GetTempPath(), "accessory-nan-" + Environment.ProcessId);
        try
        {
            return await ServeAsync(interfaceName, directory, seconds, cancel).ConfigureAwait(false);
        }
        finally
        {
            if (ownDirectory && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<int> ServeAsync(string interfaceName, string directory, int? seconds, CancellationToken cancel)
    {
        using var loggers = Logging.Create(Microsoft.Extensions.Logging.LogLevel.Information);
        var log = new LoggerLog(loggers);
        UdpNanRadio? radio = await NanCliRadio.OpenAsync(interfaceName, log).ConfigureAwait(false);
        if (radio == null)
        {
            return 1;
        }

        using (radio)
        using (var engine = new NanControlEngine(radio, new SystemClock(), new DotNetCryptoProvider()))
        {
            engine.Notified += e => Console.Out.WriteLine(e.ToString());
            NanControlServer server;
            try
            {
                server = NanControlServer.Start(directory, interfaceName, engine, log);
            }
            catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException or ArgumentException)
            {
                await Console.Error.WriteLineAsync($"error: cannot open the control socket in {directory}: {e.Message}").ConfigureAwait(false);
                return 1;
            }

            using (server)
            {
                await Console.Out.WriteLineAsync($"NAN radio {Core.Nan.NanAddress.Format(radio.Address)} on {interfaceName}; control: wpa_cli -p {directory} -i {interfaceName}").ConfigureAwait(false);
                using var stop = new StopSignal(cancel);
                try
                {
                    await Task.Delay(seconds is int s ? TimeSpan.FromSeconds(s) : Timeout.InfiniteTimeSpan, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }

        return 0;
    }
}
