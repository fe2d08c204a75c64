using Accessory.Simulator.Boards;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Boards;

/// <summary>
/// hardware/boards/*.yaml is the one place for pins and radio: the simulator reads it, and the firmware's compiled-in
/// copy (Boards.g.cs) must be exactly what the generator makes of it.
/// </summary>
public class BoardFilesTests
{
    private static string BoardsDirectory => Path.Combine(BuildPaths.RepoRoot, "hardware", "boards");

    private static string GeneratedFile => Path.Combine(BuildPaths.RepoRoot, "firmware", "Accessory.Firmware", "Board", "Boards.g.cs");

    [Fact]
    public void The_firmware_board_code_is_what_the_yaml_generates()
    {
        string expected = BoardCodeGenerator.Generate(BoardLoader.LoadAll(BoardsDirectory));
        if (Environment.GetEnvironmentVariable("ACCESSORY_WRITE_BOARDS") == "1")
        {
            File.WriteAllText(GeneratedFile, expected);
        }

        Assert.Equal(expected, File.ReadAllText(GeneratedFile));
    }

    [Fact]
    public void The_devkitc_and_an_esp32s3_board_are_defined_with_their_pins()
    {
        var boards = BoardLoader.LoadAll(BoardsDirectory);

        var devkit = Assert.Single(boards, b => b.Name == "esp32-devkitc");
        Assert.Equal(2, devkit.StatusLedPin);
        Assert.Equal(0, devkit.ButtonPin);
        Assert.True(devkit.ButtonActiveLow);
        Assert.Equal(10_000, devkit.FactoryResetHoldMilliseconds);
        Assert.False(devkit.RadioModel().Supports5GHz);
        var s3 = Assert.Single(boards, b => b.Chip == "esp32s3");
        Assert.Equal(21, s3.StatusLedPin);
        Assert.True(s3.StatusLedActiveLow);
    }

    [Fact]
    public void A_changed_pin_in_the_yaml_changes_the_generated_code()
    {
        var boards = BoardLoader.LoadAll(BoardsDirectory).ToList();
        var moved = BoardLoader.Parse(File.ReadAllText(Path.Combine(BoardsDirectory, "esp32-devkitc.yaml")).Replace("status-led: 2 ", "status-led: 4 ", StringComparison.Ordinal), "moved.yaml");
        boards[boards.FindIndex(b => b.Name == moved.Name)] = moved;

        Assert.NotEqual(File.ReadAllText(GeneratedFile), BoardCodeGenerator.Generate(boards));
    }

    [Theory]
    [InlineData("status-led: 2 ", "status-led: 99 ", "'status-led' must be a whole number 0..48, not '99'")]
    [InlineData("status-led: 2 ", "status-lamp: 2 ", "unknown key 'status-lamp'")]
    [InlineData("  nan: false", "  nan: maybe", "'nan' must be true or false, not 'maybe'")]
    [InlineData("wifi-bands: [\"2.4GHz\"]", "wifi-bands: [\"6GHz\"]", "unknown Wi-Fi band '6GHz'")]
    public void A_bad_board_file_is_a_clear_error_with_its_line(string find, string replace, string problem)
    {
        string yaml = File.ReadAllText(Path.Combine(BoardsDirectory, "esp32-devkitc.yaml"));
        Assert.Contains(find, yaml, StringComparison.Ordinal);

        var error = Assert.Throws<BoardFileException>(() => BoardLoader.Parse(yaml.Replace(find, replace, StringComparison.Ordinal), "bad.yaml"));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.yaml:", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 1);
    }
}
