using System.Diagnostics;
using System.Text.Json;
using Accessory.Simulator.Tests.Faults;

namespace Accessory.Simulator.Tests.Dashboard;

/// <summary>
/// The control port's machine side, through curl: GET /status, the /events stream (Server-Sent Events), the radio
/// actions and their refusals, the QR code and the page's own assets.
/// </summary>
public sealed class ControlStatusEventsTests
{
    [Fact]
    public void Status_tells_state_provisioning_transports_network_faults_and_ports()
    {
        using var sim = DashboardSimulator.Start();
        var status = sim.Status();

        Assert.Equal("provisioning", status.GetProperty("state").GetString());
        Assert.Equal("simulator", status.GetProperty("body").GetString());
        Assert.Matches("^[0-9A-F]{12}$", status.GetProperty("id").GetString());
        var provisioning = status.GetProperty("provisioning");
        Assert.True(provisioning.GetProperty("open").GetBoolean());
        Assert.Contains("softap-http", provisioning.GetProperty("transports").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(1, provisioning.GetProperty("security").GetInt32());
        Assert.Contains(DashboardSimulator.Pop, provisioning.GetProperty("qr").GetString(), StringComparison.Ordinal);
        Assert.False(status.GetProperty("network").GetProperty("joined").GetBoolean());
        Assert.Equal(sim.ControlPort, status.GetProperty("ports").GetProperty("control").GetInt32());
        Assert.Matches("^[0-9A-F]{64}$", status.GetProperty("localApi").GetProperty("certificateSha256").GetString());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("board").ValueKind);
        Assert.Empty(status.GetProperty("faults").EnumerateArray());

        Assert.Equal(200, Curl.Run("--data-binary", "server.outage:duration=30s", sim.BaseUrl + "faults").Status);
        var fault = Assert.Single(sim.Status().GetProperty("faults").EnumerateArray());
        Assert.Equal("server.outage", fault.GetProperty("name").GetString());
        double remaining = fault.GetProperty("remainingSeconds").GetDouble();
        Assert.InRange(remaining, 20, 30);

        sim.Provision();
        Assert.True(SpinWait.SpinUntil(() => sim.Status().GetProperty("state").GetString() == "online", TimeSpan.FromSeconds(20)));
        var online = sim.Status();
        Assert.False(online.GetProperty("provisioning").GetProperty("open").GetBoolean());
        var network = online.GetProperty("network");
        Assert.Equal(DashboardSimulator.HomeSsid, network.GetProperty("ssid").GetString());
        Assert.Equal(DashboardSimulator.HomeBssid, network.GetProperty("bssid").GetString());
        Assert.StartsWith("192.168.1.", network.GetProperty("ip").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_event_stream_carries_backlog_then_faults_state_and_radio_changes_as_they_happen()
    {
        using var sim = DashboardSimulator.Start();
        using var stream = CurlStream.Open(sim.BaseUrl + "events");
        Assert.True(stream.WaitFor(e => e.GetProperty("kind").GetString() == "state" && e.GetProperty("message").GetString()!.Contains("-> provisioning", StringComparison.Ordinal)), stream.Text);

        Assert.Equal(200, Curl.Run("--data-binary", "http.delay:ms=250", sim.BaseUrl + "faults").Status);
        Assert.True(stream.WaitFor(e => e.GetProperty("kind").GetString() == "fault" && e.GetProperty("message").GetString() == "fault set: http.delay:ms=250"), stream.Text);
        Assert.Equal(200, Curl.Run("-X", "DELETE", sim.BaseUrl + "faults/http.delay").Status);
        Assert.True(stream.WaitFor(e => e.GetProperty("message").GetString() == "fault http.delay cleared"), stream.Text);

        sim.Provision();
        Assert.True(stream.WaitFor(e => e.GetProperty("kind").GetString() == "provisioning" && e.GetProperty("message").GetString() == "provisioned: joined HomeNetwork"), stream.Text);

        var (status, _) = Curl.Run("--data-binary", "away", sim.BaseUrl + "radio/" + DashboardSimulator.HomeBssid);
        Assert.Equal(200, status);
        Assert.True(stream.WaitFor(e => e.GetProperty("kind").GetString() == "radio" && e.GetProperty("message").GetString()!.Contains("taken off the air", StringComparison.Ordinal)), stream.Text);
        Assert.True(stream.WaitFor(e => e.GetProperty("kind").GetString() == "state" && e.GetProperty("message").GetString()!.StartsWith("online -> connecting", StringComparison.Ordinal)), stream.Text);
        Assert.True(stream.WaitFor(e => e.GetProperty("kind").GetString() == "log"), stream.Text);

        // Ids only grow, so a reconnecting client can ask for what it missed with Last-Event-ID.
        var ids = stream.Events.Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Order().ToList(), ids);
        using var resumed = CurlStream.Open(sim.BaseUrl + "events", "Last-Event-ID: " + ids[^2]);
        Assert.True(resumed.WaitFor(e => e.GetProperty("id").GetInt64() == ids[^1]), resumed.Text);
        Assert.DoesNotContain(resumed.Events, e => e.GetProperty("id").GetInt64() <= ids[^2]);
    }

    [Fact]
    public void Radio_actions_refuse_bad_input_with_a_reason_and_change_nothing()
    {
        using var sim = DashboardSimulator.Start();
        string before = Curl.Run(sim.BaseUrl + "status").Body;

        var unknown = Curl.Run("--data-binary", "away", sim.BaseUrl + "radio/02:00:00:00:00:99");
        Assert.Equal(404, unknown.Status);
        Assert.Contains("no access point with BSSID 02:00:00:00:00:99", unknown.Body, StringComparison.Ordinal);

        var notMac = Curl.Run("--data-binary", "away", sim.BaseUrl + "radio/kitchen");
        Assert.Equal(400, notMac.Status);
        Assert.Contains("is not a BSSID", notMac.Body, StringComparison.Ordinal);

        var tooLoud = Curl.Run("--data-binary", "rssi 5", sim.BaseUrl + "radio/" + DashboardSimulator.HomeBssid);
        Assert.Equal(400, tooLoud.Status);
        Assert.Contains("outside -100..-10 dBm", tooLoud.Body, StringComparison.Ordinal);

        var word = Curl.Run("--data-binary", "rssi loud", sim.BaseUrl + "radio/" + DashboardSimulator.HomeBssid);
        Assert.Equal(400, word.Status);
        Assert.Contains("is not an RSSI", word.Body, StringComparison.Ordinal);

        var verb = Curl.Run("--data-binary", "explode", sim.BaseUrl + "radio/" + DashboardSimulator.HomeBssid);
        Assert.Equal(400, verb.Status);
        Assert.Contains("away, back or rssi", verb.Body, StringComparison.Ordinal);

        Assert.Equal(405, Curl.Run(sim.BaseUrl + "radio/" + DashboardSimulator.HomeBssid).Status);
        Assert.Equal(before, Curl.Run(sim.BaseUrl + "status").Body);

        var quiet = Curl.Run("--data-binary", "rssi -90", sim.BaseUrl + "radio/" + DashboardSimulator.HomeBssid);
        Assert.Equal(200, quiet.Status);
        var home = sim.Status().GetProperty("radio").EnumerateArray().Single(a => a.GetProperty("bssid").GetString() == DashboardSimulator.HomeBssid);
        Assert.Equal(-90, home.GetProperty("rssi").GetInt32());
    }

    [Fact]
    public void The_page_its_assets_and_the_qr_code_are_served_from_the_simulator()
    {
        using var sim = DashboardSimulator.Start();

        var page = Curl.Run(sim.BaseUrl);
        Assert.Equal(200, page.Status);
        Assert.Contains("<script src=\"/dashboard.js\"></script>", page.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", page.Body.Replace("http://127.0.0.1", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page.Body.Replace("https://127.0.0.1", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(200, Curl.Run(sim.BaseUrl + "dashboard.js").Status);
        Assert.Equal(200, Curl.Run(sim.BaseUrl + "dashboard.css").Status);

        var qr = Curl.Run(sim.BaseUrl + "qr.svg");
        Assert.Equal(200, qr.Status);
        Assert.StartsWith("<svg", qr.Body.TrimStart(), StringComparison.Ordinal);
        Assert.Equal(405, Curl.Run("--data-binary", "x", sim.BaseUrl + "status").Status);
    }

    /// <summary>curl -N following an SSE stream; collects the JSON of each data line.</summary>
    private sealed class CurlStream : IDisposable
    {
        private readonly Process _process;
        private readonly List<JsonElement> _events = [];
        private readonly System.Text.StringBuilder _text = new();

        private CurlStream(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                lock (_events)
                {
                    _text.AppendLine(e.Data);
                    if (e.Data.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        using var document = JsonDocument.Parse(e.Data[6..]);
                        _events.Add(document.RootElement.Clone());
                    }
                }
            };
            _process.BeginOutputReadLine();
        }

        public IReadOnlyList<JsonElement> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public string Text
        {
            get
            {
                lock (_events)
                {
                    return _text.ToString();
                }
            }
        }

        public static CurlStream Open(string url, string? header = null)
        {
            var start = new ProcessStartInfo("/usr/bin/curl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in (string[])["--silent", "--no-buffer", "--max-time", "60", url])
            {
                start.ArgumentList.Add(a);
            }

            if (header != null)
            {
                start.ArgumentList.Add("-H");
                start.ArgumentList.Add(header);
            }

            return new CurlStream(Process.Start(start)!);
        }

        public bool WaitFor(Func<JsonElement, bool> match) => SpinWait.SpinUntil(() => Events.Any(match), TimeSpan.FromSeconds(20));

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
