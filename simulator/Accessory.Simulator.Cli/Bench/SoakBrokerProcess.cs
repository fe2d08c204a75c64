using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// The process `bench broker-soak` measures: the embedded broker and nothing else but a line protocol on stdin and
/// stdout. The soak used to host the broker in the bench's own process, and the RSS then held the bench's code too: in
/// cycle 9 of every soak the bench's cycle loop (an async method of 3,805 IL bytes) reached its call count and was
/// compiled again, optimized, while the bench measured, and the JIT's 8 MB of working memory showed as the broker's
/// (docs/fleet.md, "Cycle 9"). Here the request loop and its handlers are compiled optimized at their first call
/// (AggressiveOptimization) and never again; the broker code they call tiers up as in any broker, and the bench asks
/// for the counts only after it has read this process's memory.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class SoakBrokerProcess
{
    /// <summary>`accessory-sim __soak-broker [--no-trim]`: prints `ready URI`, then answers one line per request.</summary>
    public const string ChildCommand = "__soak-broker";

    /// <summary>Waits until no connection is open, then through the broker's idle trims and one second more.</summary>
    public const string Settle = "settle";

    /// <summary>One aggressive compacting collection and a second's pause (the bench's own, before it reads idle).</summary>
    public const string Collect = "collect";

    /// <summary>Counts the memory figures cannot show: open connections, MQTTnet sessions, trims, managed heap, JIT.</summary>
    public const string Status = "status";

    private static readonly TimeSpan ConnectionsPatience = TimeSpan.FromSeconds(30);

    public static Command CreateChildCommand()
    {
        var noTrim = new Option<bool>("--no-trim");
        var command = new Command(ChildCommand, "Internal: the embedded broker alone, measured by bench broker-soak.") { Hidden = true };
        command.Options.Add(noTrim);
        command.SetAction(result => Serve(!result.GetValue(noTrim)));
        return command;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Serve(bool trim)
    {
        var broker = new EmbeddedBroker(FreePort()) { TrimWhenIdle = trim };
        broker.StartAsync().GetAwaiter().GetResult();
        CollectNow();
        Console.Out.WriteLine("ready " + broker.Uri);

        // The bench holds stdin open for as long as it measures: end of file (it finished, or died) stops the broker.
        string? request;
        while ((request = Console.In.ReadLine()) is not null)
        {
            Console.Out.WriteLine(Answer(broker, request.Trim()));
        }

        broker.StopAsync().GetAwaiter().GetResult();
        return 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string Answer(EmbeddedBroker broker, string request)
    {
        switch (request)
        {
            case Settle:
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (broker.OpenConnections > 0 && waited.Elapsed < ConnectionsPatience)
                {
                    Thread.Sleep(50);
                }

                Thread.Sleep(EmbeddedBroker.IdleTrimWindow + TimeSpan.FromSeconds(1));
                return "settled";
            case Collect:
                CollectNow();
                Thread.Sleep(1000);
                return "collected";
            case Status:
                int sessions = broker.SessionCountAsync().GetAwaiter().GetResult();
                return string.Create(CultureInfo.InvariantCulture,
                    $"status connections={broker.OpenConnections} sessions={sessions} trims={broker.Trims} managed={GC.GetTotalMemory(false)} committed={GC.GetGCMemoryInfo().TotalCommittedBytes} jit-methods={System.Runtime.JitInfo.GetCompiledMethodCount()} jit-ms={System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} gc={(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
            default:
                return $"error: unknown request '{request}' (known: {Settle}, {Collect}, {Status})";
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CollectNow() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }
}
