using System.Collections.Concurrent;
using System.Net;
using Accessory.Core.Nan;
using Accessory.Simulator.Nan;

namespace Accessory.Simulator.Cli;

/// <summary>
/// `nan subscribe --datapath`: asks each publisher found for a data path and, on accept, checks it with an HTTPS
/// GET of /api/v1/info at the returned address and port. Any certificate is accepted: this checks reachability
/// over the path, not the device's identity (the output says so).
/// </summary>
internal sealed class NanDataPathCheck : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly NanDataPathRequester _requester;
    private readonly HttpClient _http;
    private readonly ConcurrentBag<Task> _checks = new();
    private readonly int _interfaceIndex;

    /// <param name="interfaceIndex">The subscriber's interface: the scope of a link-local address in an accept.</param>
    public NanDataPathCheck(NanSubscriber subscriber, int interfaceIndex)
    {
        _interfaceIndex = interfaceIndex;
        _requester = new NanDataPathRequester(subscriber, new Accessory.Simulator.Platform.SystemClock());
        _requester.Notified += OnAnswer;
        var handler = new SocketsHttpHandler
        {
            SslOptions =
            {
#pragma warning disable CA5359 // Deliberate and announced in the output: a reachability check of a self-signed device.
                RemoteCertificateValidationCallback = (_, _, _, _) => true,
#pragma warning restore CA5359
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout };
    }

    public void OnDiscovered(NanEvent e)
    {
        NanFollowUpError sent = _requester.Request(e.PeerAddress!, e.PeerInstanceId, NanDataPathMessage.ProtocolTcp, 0);
        Console.Out.WriteLine($"data-path request to {NanAddress.Format(e.PeerAddress!)} publish_id={e.PeerInstanceId}: {sent}");
    }

    /// <summary>Waits for the HTTPS checks started so far (each bounded by the client timeout).</summary>
    public Task DrainAsync() => Task.WhenAll(_checks.ToArray());

    public void Dispose() => _http.Dispose();

    private void OnAnswer(NanEvent e)
    {
        Console.Out.WriteLine(e.ToString());
        NanDataPathMessage? accept = NanDataPathCodec.Decode(e.ServiceInfo);
        if (e.Name == NanEvents.DataPathConfirmed && accept?.Address != null)
        {
            _checks.Add(GetInfoAsync(NanDataPathEndPoint.Of(accept, _interfaceIndex)));
        }
    }

    private async Task GetInfoAsync(IPEndPoint endPoint)
    {
        var uri = NanDataPathEndPoint.HttpsUri(endPoint, "/api/v1/info");
        try
        {
            using var response = await _http.GetAsync(uri).ConfigureAwait(false);
            await Console.Out.WriteLineAsync($"GET {uri} (certificate not verified): {(int)response.StatusCode} {response.ReasonPhrase}").ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await Console.Out.WriteLineAsync($"GET {uri} (certificate not verified): failed: {ex.Message}").ConfigureAwait(false);
        }
    }
}
