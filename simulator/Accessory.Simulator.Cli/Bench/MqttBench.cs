using System.Globalization;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>`accessory-sim bench mqtt`: N device links from one process against a broker (embedded or real).</summary>
internal static class MqttBench
{
    public static async Task<int> RunAsync(BrokerUri broker, int devices, int publishes, TextWriter output)
    {
        EmbeddedBroker? embedded = null;
        if (broker.Kind == BrokerUriKind.Embedded)
        {
            // Links and broker in one process: four descriptors a link. Past the limit the runtime itself fails (5,000
            // links under 20,000 aborted the process with "terminate called after throwing PAL_SEHException").
            string limits = Accessory.Simulator.Fleet.FleetLimits.Describe(devices, devices * (1 + Accessory.Simulator.Fleet.FleetLimits.EmbeddedBrokerDescriptorsPerClient), out bool enough);
            if (!enough)
            {
                await Console.Error.WriteLineAsync("error: " + limits + " (the links and the embedded broker share this process: use fewer links, or a broker in another process such as mosquitto with --broker mqtt://HOST:PORT)").ConfigureAwait(false);
                return 2;
            }

            embedded = new EmbeddedBroker(broker.Port);
            await embedded.StartAsync().ConfigureAwait(false);
            broker = embedded.Uri;
        }

        try
        {
            output.WriteLine($"workload: {devices} MQTT device links from one process to {broker}, {publishes} QoS1 publishes each");
            var result = await MqttFleetLoad.RunAsync(broker, devices, publishes, TimeSpan.FromMinutes(2)).ConfigureAwait(false);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"connected {result.Connected}/{result.Clients} in {result.ConnectSeconds:F2} s = {result.ConnectsPerSecond:F0} connects/s"));
            foreach (var failure in result.ConnectFailures.OrderByDescending(f => f.Value).Take(8))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"connect failed: {failure.Value} x {failure.Key}"));
            }

            if (result.ConnectsUnsettled > 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"connect failed: {result.ConnectsUnsettled} x no outcome within the time limit"));
            }

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory per device link: {result.ManagedBytesPerClient / 1024.0:F1} KiB managed, {result.WorkingSetBytesPerClient / 1024.0:F1} KiB working set"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"publishes: {result.PublishesAcked}/{result.PublishesRequested} acked, {result.PublishesFailed} failed, in {result.PublishSeconds:F2} s = {result.AckedPublishesPerSecond:F0}/s{(result.TimedOut ? " (TIMED OUT)" : string.Empty)}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak RSS {Accessory.Simulator.Fleet.FleetLimits.PeakRssMegabytes():F0} MB"));
            return result.Connected == result.Clients && result.PublishesFailed == 0 && !result.TimedOut ? 0 : 1;
        }
        finally
        {
            if (embedded != null)
            {
                await embedded.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
