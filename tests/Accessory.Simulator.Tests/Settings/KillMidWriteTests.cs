using System.Globalization;
using Accessory.Core.Ports;
using Accessory.Core.Settings;
using Accessory.Simulator.Settings;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Settings;

/// <summary>
/// The crash-safety promise of the settings store, checked the hard way: a child process rewrites the store in a
/// loop and is SIGKILLed at a random moment; afterwards the store must hold exactly the last generation the child
/// reported as committed, or the one it was writing. Never a damaged or mixed image.
/// </summary>
public class KillMidWriteTests
{
    private static readonly int Iterations = int.TryParse(Environment.GetEnvironmentVariable("ACCESSORY_KILL_ITERATIONS"), out int n) ? n : 200;

    private sealed class FailOnLog : ILog
    {
        public bool IsEnabled(LogLevel level) => true;

        public void Write(LogLevel level, string component, string message) => throw new InvalidOperationException("unexpected log: " + message);
    }

    [Fact]
    public void After_a_SIGKILL_at_any_moment_the_store_holds_the_old_or_the_new_value()
    {
        using var dir = new TempDirectory("accessory-kill");
        var random = new Random(20261125);
        int killedWhileWriting = 0;
        for (int i = 0; i < Iterations; i++)
        {
            using var child = new ChildProcess(BuildPaths.StoreWriter, new[] { dir.Path });
            Assert.True(child.WaitForLine(l => l.StartsWith("committed ", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), child.AllOutput);
            Thread.Sleep(random.Next(0, 12));
            child.KillHard();
            child.WaitForExit(TimeSpan.FromSeconds(10));

            int lastCommitted = child.StdoutLines.Select(l => int.Parse(l["committed ".Length..], CultureInfo.InvariantCulture)).Max();
            var repository = new SettingsRepository(new FileSettingsStore(dir.Path), new FailOnLog());
            var settings = repository.Load();
            int stored = settings.GetInt32("test.generation", -1);

            Assert.True(stored == lastCommitted || stored == lastCommitted + 1, $"iteration {i}: store holds generation {stored}, last committed {lastCommitted}");
            Assert.Equal("gen-" + stored.ToString(CultureInfo.InvariantCulture), settings.GetString("test.check"));
            Assert.All(settings.GetBytes("test.payload")!, b => Assert.Equal((byte)stored, b));
            killedWhileWriting += stored == lastCommitted + 1 ? 1 : 0;
        }

        // Not asserted (timing decides it), but worth seeing in the log that kills landed mid-write.
        Console.WriteLine($"{Iterations} kills; {killedWhileWriting} landed after a rename but before the child reported it");
    }
}
