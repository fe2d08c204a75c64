using System.Diagnostics;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Mqtt;

/// <summary>
/// Bench helper: many <see cref="MqttNetLink"/> clients in one process against one broker, measuring connect rate,
/// memory per client and QoS 1 publish throughput. Every wait is bounded by the given timeout.
/// </summary>
public static class MqttFleetLoad
{
    public static async Task<MqttFleetLoadResult> RunAsync(
        BrokerUri broker, int clients, int publishesPerClient, TimeSpan timeout, MqttTlsFiles? tls = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentOutOfRangeException.ThrowIfLessThan(clients, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(publishesPerClient);

        var runId = Guid.NewGuid().ToString("N")[..8];
        var links = new MqttNetLink[clients];
        var connected = 0;
        var settled = 0;
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var allSettled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadline = Stopwatch.StartNew();

        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);
        var workingSetBefore = CurrentWorkingSet();
        try
        {
            var connectClock = Stopwatch.StartNew();
            for (var i = 0; i < clients; i++)
            {
                var link = new MqttNetLink(broker, tls);
                var reported = 0;
                link.ConnectionChanged += (up, reason) =>
                {
                    // Only the first outcome of each client counts; later drops are not connects.
                    if (Interlocked.Exchange(ref reported, 1) != 0)
                    {
                        return;
                    }

                    if (up)
                    {
                        Interlocked.Increment(ref connected);
                    }
                    else
                    {
                        failures.AddOrUpdate(reason, 1, (_, n) => n + 1);
                    }

                    if (Interlocked.Increment(ref settled) == clients)
                    {
                        allSettled.TrySetResult();
                    }
                };
                links[i] = link;
                var options = new MqttSessionOptions(
                    "fleet-" + runId + "-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    60, true, string.Empty, Array.Empty<byte>(), false);
                link.Connect(options);
            }

            var timedOut = !await Completes(allSettled.Task, Remaining(timeout, deadline)).ConfigureAwait(false);
            var connectSeconds = connectClock.Elapsed.TotalSeconds;

            var managedAfter = GC.GetTotalMemory(forceFullCollection: true);
            var workingSetAfter = CurrentWorkingSet();
            var perClientDivisor = Math.Max(1, Volatile.Read(ref connected));

            var requested = 0;
            var acked = 0;
            var failed = 0;
            var publishClock = Stopwatch.StartNew();
            if (!timedOut && publishesPerClient > 0)
            {
                var payload = new byte[64];
                var live = links.Where(l => l.IsConnected).ToArray();
                requested = live.Length * publishesPerClient;
                var allAcked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var outstanding = requested;
                if (requested == 0)
                {
                    allAcked.TrySetResult();
                }

                for (var round = 0; round < publishesPerClient; round++)
                {
                    foreach (var link in live)
                    {
                        link.Publish("fleet/" + runId + "/load", payload, 1, false, delivered =>
                        {
                            Interlocked.Increment(ref delivered ? ref acked : ref failed);
                            if (Interlocked.Decrement(ref outstanding) == 0)
                            {
                                allAcked.TrySetResult();
                            }
                        });
                    }
                }

                timedOut = !await Completes(allAcked.Task, Remaining(timeout, deadline)).ConfigureAwait(false);
            }

            var publishSeconds = publishClock.Elapsed.TotalSeconds;
            return new MqttFleetLoadResult
            {
                Clients = clients,
                Connected = Volatile.Read(ref connected),
                ConnectSeconds = connectSeconds,
                ManagedBytesPerClient = (managedAfter - managedBefore) / perClientDivisor,
                WorkingSetBytesPerClient = (workingSetAfter - workingSetBefore) / perClientDivisor,
                PublishesRequested = requested,
                PublishesAcked = Volatile.Read(ref acked),
                PublishesFailed = Volatile.Read(ref failed),
                PublishSeconds = publishSeconds,
                TimedOut = timedOut,
                ConnectFailures = failures.ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
                ConnectsUnsettled = clients - Volatile.Read(ref settled),
            };
        }
        finally
        {
            foreach (var link in links)
            {
                link?.Dispose();
            }
        }
    }

    private static long CurrentWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        return self.WorkingSet64;
    }

    private static TimeSpan Remaining(TimeSpan timeout, Stopwatch elapsed)
    {
        var left = timeout - elapsed.Elapsed;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private static async Task<bool> Completes(Task task, TimeSpan within)
    {
        var winner = await Task.WhenAny(task, Task.Delay(within)).ConfigureAwait(false);
        return winner == task;
    }
}
