using System.Text.Json;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>
/// Follows a device's control API event stream (GET /events, Server-Sent Events) as any outside tool would, and
/// records its state changes, provisioning outcomes, faults and radio changes as "event" lines stamped when read
/// (the stream's own times have whole milliseconds only; the runner waits for the stream after each step, so the
/// reading time places each event under the step it belongs to). Log lines are left out: the runner captures the
/// device log itself.
/// </summary>
internal sealed class ControlEventFollower : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<TimedLine> _record;
    private readonly Task _reading;
    private long _lastId;

    private ControlEventFollower(Uri control, Action<TimedLine> record)
    {
        _record = record;
        _reading = ReadAsync(new Uri(control, "/events"));
    }

    /// <summary>The id of the last event read from the stream.</summary>
    public long LastId => Interlocked.Read(ref _lastId);

    public static ControlEventFollower Start(Uri control, Action<TimedLine> record) => new(control, record);

    /// <summary>Waits (bounded) until the stream has delivered the event with <paramref name="id"/>.</summary>
    public async Task CatchUpAsync(long id, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (LastId < id && DateTime.UtcNow < deadline && !_reading.IsCompleted)
        {
            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _reading.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _http.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync(Uri events)
    {
        try
        {
            using var response = await _http.GetAsync(events, HttpCompletionOption.ResponseHeadersRead, _stop.Token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(_stop.Token).ConfigureAwait(false));
            while (await reader.ReadLineAsync(_stop.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    Take(line["data: ".Length..]);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or IOException)
        {
            if (!_stop.IsCancellationRequested)
            {
                _record(new TimedLine(DateTimeOffset.UtcNow, "event", "control API event stream ended: " + e.Message));
            }
        }
    }

    // "2026-12-06T01:43:41.862Z" -> "01:43:41.862", as the report's own times are written.
    private static string DeviceTime(System.Text.Json.JsonElement e)
    {
        string time = e.GetProperty("time").GetString() ?? string.Empty;
        return time.Length >= 23 ? time[11..23] : time;
    }

    private void Take(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var e = document.RootElement;
            string kind = e.GetProperty("kind").GetString() ?? string.Empty;
            if (kind != "log")
            {
                _record(new TimedLine(DateTimeOffset.UtcNow, "event", $"event {kind}: {e.GetProperty("message").GetString()} (at {DeviceTime(e)})"));
            }

            Interlocked.Exchange(ref _lastId, e.GetProperty("id").GetInt64());
        }
        catch (Exception x) when (x is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            _record(new TimedLine(DateTimeOffset.UtcNow, "event", "unreadable event: " + json));
        }
    }
}
