using System.CommandLine;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>`accessory-sim bench ...`: benchmarks whose figures go into issue notes (never timed unit tests).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var levels = new Option<int[]>("--sec")
        {
            Description = "Security levels to measure (repeat or list: --sec 1 --sec 2).",
            DefaultValueFactory = _ => new[] { 0, 1, 2 },
            AllowMultipleArgumentsPerToken = true,
        };
        var flows = new Option<int>("--flows") { Description = "Complete provisioning flows per level.", DefaultValueFactory = _ => 200 };
        var sessions = new Option<int>("--sessions") { Description = "Security sessions (handshakes) per level.", DefaultValueFactory = _ => 1000 };
        var workers = new Option<int>("--workers")
        {
            Description = "Concurrent phones (default: one per core).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var provisioning = new Command("provisioning", "Measure provisioning over loopback HTTP: sessions/s, flows/s, p50/p99 latency per security level.")
        {
            levels,
            flows,
            sessions,
            workers,
        };
        provisioning.SetAction((result, cancel) =>
        {
            var chosen = result.GetValue(levels)!;
            int f = result.GetValue(flows);
            int s = result.GetValue(sessions);
            int w = result.GetValue(workers);
            if (chosen.Any(l => l is < 0 or > 2) || f < 1 || s < 1 || w < 1 || f > 100_000 || s > 1_000_000 || w > 256)
            {
                Console.Error.WriteLine("error: --sec takes 0, 1 or 2; --flows 1..100000, --sessions 1..1000000, --workers 1..256");
                return Task.FromResult(2);
            }

            return Task.FromResult(new ProvisioningBench(Console.Out).Run(chosen, f, s, w, cancel));
        });
        return new Command("bench", "Benchmarks of the simulated device.") { provisioning };
    }
}
