using System.Diagnostics;

namespace Accessory.Simulator.Cli;

/// <summary>
/// This same accessory-sim started again as a child with other arguments (through `dotnet` when it runs as a dll),
/// its output redirected for the parent to follow. Not started: the caller wires its handlers first.
/// </summary>
internal static class SelfProcess
{
    /// <param name="holdInput">Redirects standard input so the parent can hold it open (and the child notice when it closes).</param>
    public static Process Create(IEnumerable<string> args, bool holdInput)
    {
        string self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = holdInput,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new Process { StartInfo = start };
    }
}
