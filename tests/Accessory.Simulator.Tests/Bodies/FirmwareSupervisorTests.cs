using System.Diagnostics;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Bodies;

/// <summary>
/// `run --body firmware` is a supervisor with the emulated board as its child. However the supervisor ends (here:
/// SIGKILL, no chance to clean up), the board must not live on holding the device's ports and data folder.
/// </summary>
public sealed class FirmwareSupervisorTests
{
    [Fact]
    public void The_board_powers_off_when_its_supervisor_is_killed()
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start("firmware", data.Path);
        int board = BoardChildOf(device.Process.Pid);

        device.Process.KillHard();

        var clock = Stopwatch.StartNew();
        while (IsRunning(board) && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            Thread.Sleep(50);
        }

        bool stillRunning = IsRunning(board);
        if (stillRunning)
        {
            Process.GetProcessById(board).Kill();
        }

        Assert.False(stillRunning, $"the board process {board} was still running 15 s after its supervisor was killed");
    }

    private static int BoardChildOf(int supervisor)
    {
        foreach (string task in Directory.GetDirectories($"/proc/{supervisor}/task"))
        {
            foreach (string child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int pid = int.Parse(child, System.Globalization.CultureInfo.InvariantCulture);
                if (File.ReadAllText($"/proc/{pid}/cmdline").Contains("__board-process", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
        }

        throw new InvalidOperationException($"no __board-process child under {supervisor}");
    }

    /// <summary>Running = the process exists and is not a zombie waiting for a parent to reap it.</summary>
    private static bool IsRunning(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            char state = stat[stat.LastIndexOf(')') + 2];
            return state != 'Z' && state != 'X';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
