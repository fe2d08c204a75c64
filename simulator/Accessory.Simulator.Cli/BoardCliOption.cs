using System.CommandLine;
using Accessory.Simulator.Boards;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Cli;

/// <summary>run --board FILE: simulate a board from hardware/boards (its Wi-Fi bands decide which networks it hears).</summary>
internal static class BoardCliOption
{
    public static Option<FileInfo?> Board { get; } = new("--board")
    {
        Description = "Board definition (hardware/boards/*.yaml): the simulated device hears only the Wi-Fi bands that board's radio has.",
    };

    /// <summary>The board both bodies emulate without --board.</summary>
    public const string DefaultName = "esp32-devkitc";

    /// <summary>The chosen board's name (<see cref="DefaultName"/> without --board).</summary>
    public static string Name(ParseResult result) => result.GetValue(Board) is { } file ? BoardLoader.Load(file.FullName).Name : DefaultName;

    /// <summary>The environment as heard by the chosen board (unchanged without --board); prints which board.</summary>
    public static RadioEnvironment Apply(ParseResult result, RadioEnvironment environment)
    {
        var file = result.GetValue(Board);
        if (file == null)
        {
            return environment;
        }

        var board = BoardLoader.Load(file.FullName);
        Console.Out.WriteLine($"board:    {board.Name} ({board.Chip}, Wi-Fi {string.Join("/", board.WifiBands)}, BLE {board.BleVersion})");
        return board.ApplyTo(environment);
    }
}
