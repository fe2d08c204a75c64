using System.Text;
using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Cli;

/// <summary>Runs one subscribe on a <see cref="UdpNanRadio"/> for a bounded time, printing its events.</summary>
internal static class NanSubscribeRun
{
    private const byte InstanceId = 1;
    private const int MaxSeconds = 24 * 3600;

    public static async Task<int> RunAsync(NanSubscribeRequest request, CancellationToken cancel)
    {
        if (string.IsNullOrEmpty(request.InterfaceName))
        {
            await Console.Error.WriteLineAsync("error: --interface is required: the NAN medium is multicast and must not go out on a default interface").ConfigureAwait(false);
            return 2;
        }

        if (request.Seconds is < 1 or > MaxSeconds)
        {
            await Console.Error.WriteLineAsync($"error: --seconds must be within 1..{MaxSeconds}").ConfigureAwait(false);
            return 2;
        }

        NanServiceName? name = Parse(request.ServiceName, out NanServiceNameError error);
        if (name == null)
        {
            await Console.Error.WriteLineAsync($"error: '{request.ServiceName}' is not a NAN service name: {NanServiceNameErrors.Describe(error)}").ConfigureAwait(false);
            return 2;
        }

        byte[]? followUp = request.FollowUp == null ? null : Encoding.UTF8.GetBytes(request.FollowUp);
        if (followUp != null && followUp.Length > 255)
        {
            await Console.Error.WriteLineAsync("error: --send is limited to 255 bytes").ConfigureAwait(false);
            return 2;
        }

        using var radio = await NanCliRadio.OpenAsync(request.InterfaceName).ConfigureAwait(false);
        if (radio == null)
        {
            return 1;
        }

        var subscriber = new NanSubscriber(radio, new SystemClock(), new DotNetCryptoProvider(), InstanceId, new NanSubscribeConfig(name) { Active = request.Active });
        using var dataPath = request.DataPath ? new NanDataPathCheck(subscriber, radio.InterfaceIndex) : null;
        subscriber.Notified += e => OnEvent(subscriber, e, followUp, dataPath);
        await Console.Out.WriteLineAsync($"subscribing to {name.FullName} (service_id={subscriber.ServiceId}) on {request.InterfaceName} as {NanAddress.Format(radio.Address)}").ConfigureAwait(false);
        subscriber.Start();
        using var stop = new StopSignal(cancel);
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(request.Seconds), stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        subscriber.Cancel();
        if (dataPath != null)
        {
            await dataPath.DrainAsync().ConfigureAwait(false);
        }

        return subscriber.Results.Length > 0 ? 0 : 1;
    }

    private static NanServiceName? Parse(string text, out NanServiceNameError error) =>
        text.StartsWith('_') ? NanServiceName.TryFromAppleFullName(text, out error) : NanServiceName.TryFromAndroid(text, out error);

    private static void OnEvent(NanSubscriber subscriber, NanEvent e, byte[]? followUp, NanDataPathCheck? dataPath)
    {
        Console.Out.WriteLine(NanEventLine.Format(e, subscriber.ServiceId));
        if (dataPath != null && e.Name == NanEvents.DiscoveryResult)
        {
            dataPath.OnDiscovered(e);
        }

        if (followUp != null && e.Name == NanEvents.DiscoveryResult)
        {
            // Raised under the subscriber's lock on the receive thread; Transmit takes the same (re-entrant) lock.
            NanFollowUpError sent = subscriber.Transmit(e.PeerAddress!, e.PeerInstanceId, followUp);
            Console.Out.WriteLine($"follow-up to {NanAddress.Format(e.PeerAddress!)} publish_id={e.PeerInstanceId}: {sent}");
        }
    }
}
