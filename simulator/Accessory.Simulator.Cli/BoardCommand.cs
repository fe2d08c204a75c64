extern alias firmwarebody;
using System.CommandLine;
using System.Net.Sockets;
using System.Text;

namespace Accessory.Simulator.Cli;

/// <summary>
/// `accessory-sim board`: the board's pins, through its GPIO control socket (board/gpio.sock in the data folder of a
/// `run`, either body: the firmware's emulated board, or the simulator's virtual button and LED): press or hold the
/// BOOT button, read the status LED.
/// </summary>
internal static class BoardCommand
{
    private const int PressMilliseconds = 200;

    public static Command Create()
    {
        var dataDir = new Option<DirectoryInfo?>("--data-dir")
        {
            Description = "Data folder of the running accessory-sim run, either body (its board/gpio.sock).",
            Recursive = true,
        };
        var device = new Option<string>("--device")
        {
            Description = "Name of the device; selects its data folder under ~/.local/share/accessory-sim/devices/ (--data-dir overrides).",
            DefaultValueFactory = _ => "default",
            Recursive = true,
        };
        var boardName = new Option<string>("--board-name")
        {
            Recursive = true,
            Description = "Which board's pins (esp32-devkitc or seeed-xiao-esp32s3): as compiled into the firmware, or as given to the simulator with run --board.",
            DefaultValueFactory = _ => "esp32-devkitc",
        };
        var seconds = new Argument<double>("seconds") { Description = "How long to hold the button (the factory reset needs 10 s)." };
        var press = new Command("press", "Press the BOOT button briefly (identify, or Improv's authorization).");
        string Socket(ParseResult result) => Path.Combine(result.GetValue(dataDir)?.FullName ?? Accessory.Simulator.DataFolders.ForDevice(result.GetValue(device)!), "board", "gpio.sock");
        press.SetAction((result, cancel) => Button(result, Socket(result), boardName, TimeSpan.FromMilliseconds(PressMilliseconds), cancel));
        var hold = new Command("hold", "Hold the BOOT button for SECONDS, then let go.") { seconds };
        hold.SetAction((result, cancel) => Button(result, Socket(result), boardName, TimeSpan.FromSeconds(result.GetValue(seconds)), cancel));
        var button = new Command("button", "Drive the device's BOOT button.") { press, hold };
        var led = new Command("led", "Read the device's status LED once: on or off.");
        led.SetAction(async (result, cancel) =>
        {
            var board = Find(result.GetValue(boardName)!);
            if (board == null)
            {
                return await Unknown(result.GetValue(boardName)!).ConfigureAwait(false);
            }

            string answer = await AskAsync(Socket(result), "read " + board.StatusLedPin, cancel).ConfigureAwait(false);
            if (answer != "high" && answer != "low")
            {
                await Console.Error.WriteLineAsync("error: " + answer).ConfigureAwait(false);
                return 1;
            }

            bool lit = (answer == "high") != board.StatusLedActiveLow;
            await Console.Out.WriteLineAsync(lit ? "on" : "off").ConfigureAwait(false);
            return 0;
        });
        var command = new Command("board", "Drive and read the BOOT button and status LED of a device started with run (either body).")
        {
            device,
            dataDir,
            boardName,
            button,
            led,
        };
        return command;
    }

    private static async Task<int> Button(ParseResult result, string path, Option<string> boardName, TimeSpan held, CancellationToken cancel)
    {
        var board = Find(result.GetValue(boardName)!);
        if (board == null)
        {
            return await Unknown(result.GetValue(boardName)!).ConfigureAwait(false);
        }

        if (held <= TimeSpan.Zero || held > TimeSpan.FromMinutes(5))
        {
            await Console.Error.WriteLineAsync("error: hold the button between 0 and 300 seconds").ConfigureAwait(false);
            return 2;
        }

        string level = board.ButtonActiveLow ? "low" : "high";
        string answer = await AskAsync(path, $"drive {board.ButtonPin} {level}", cancel).ConfigureAwait(false);
        if (answer != "ok")
        {
            await Console.Error.WriteLineAsync("error: " + answer).ConfigureAwait(false);
            return 1;
        }

        try
        {
            await Task.Delay(held, cancel).ConfigureAwait(false);
        }
        finally
        {
            // Let go even when interrupted, or the board would see the button held forever.
            await AskAsync(path, "release " + board.ButtonPin, CancellationToken.None).ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"button on GPIO {board.ButtonPin} held {held.TotalSeconds:0.###} s").ConfigureAwait(false);
        return 0;
    }

    internal static firmwarebody::Accessory.Firmware.Board.BoardDefinition? Find(string name) =>
        firmwarebody::Accessory.Firmware.Board.Boards.All.FirstOrDefault(b => b.Name == name);

    private static async Task<int> Unknown(string name)
    {
        await Console.Error.WriteLineAsync($"error: --board-name: no board named '{name}' (esp32-devkitc, seeed-xiao-esp32s3)").ConfigureAwait(false);
        return 2;
    }

    internal static async Task<string> AskAsync(string path, string request, CancellationToken cancel)
    {
        if (!File.Exists(path))
        {
            return $"no emulated board is running with this data folder ({path} does not exist; start one with accessory-sim run)";
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancel).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return $"the emulated board does not answer on {path} ({e.Message}); is accessory-sim run still running?";
        }

        await socket.SendAsync(Encoding.ASCII.GetBytes(request + "\n"), cancel).ConfigureAwait(false);
        var buffer = new byte[256];
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await socket.ReceiveAsync(buffer.AsMemory(total), cancel).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            total += n;
            if (buffer[total - 1] == (byte)'\n')
            {
                break;
            }
        }

        return Encoding.ASCII.GetString(buffer, 0, total).Trim();
    }
}
