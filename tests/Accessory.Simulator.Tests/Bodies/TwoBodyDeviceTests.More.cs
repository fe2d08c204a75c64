using System.Diagnostics;
using System.Globalization;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Bodies;

/// <summary>
/// More rows of the two-body suite: MQTT commands and the Last Will against mosquitto, sec1 without a PoP, scan
/// paging and the radio environment's edge-case SSIDs. Same rules as the other rows: the body runs as a child
/// process and is reached only through real clients (mosquitto_pub/mosquitto_sub, provision.py).
/// </summary>
public sealed partial class TwoBodyDeviceTests
{
    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void A_command_published_on_mosquitto_is_answered_and_changes_the_retained_state(string body)
    {
        using var broker = new Mosquitto();
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path, broker.Port);
        device.ProvisionHomeUntilOnline(Path.Combine(data.Path, "phone.token"));
        AssertAvailabilityOnline(broker.Port, device);

        var (answers, transcript) = Command(broker.Port, device, "power", "{\"on\":true,\"request\":\"r-" + body + "\"}");

        Assert.True(answers.Count == 1, $"no result: {transcript}\n{device.Process.AllOutput}");
        Assert.Contains("\"ok\":true", answers[0], StringComparison.Ordinal);
        Assert.Contains("r-" + body, answers[0], StringComparison.Ordinal);
        var state = MosquittoClients.Subscribe(broker.Port, Topic(device, "state"), 1, 20, retainedOnly: true);
        Assert.True(state.Count == 1 && state[0].Contains("\"on\":true", StringComparison.Ordinal), $"state: [{string.Join(", ", state)}]\n{device.Process.AllOutput}");

        // A malformed command gets an error result and changes nothing.
        var (refused, _) = Command(broker.Port, device, "brightness", "{\"value\":101}");
        Assert.True(refused.Count == 1 && refused[0].Contains("\"ok\":false", StringComparison.Ordinal), $"refusal: [{string.Join(", ", refused)}]\n{device.Process.AllOutput}");
        Assert.False(device.Process.HasExited, device.Process.AllOutput);
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void Killed_hard_the_device_leaves_the_broker_to_publish_its_last_will(string body)
    {
        using var broker = new Mosquitto();
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path, broker.Port);
        device.ProvisionHomeUntilOnline(Path.Combine(data.Path, "phone.token"));

        AssertAvailabilityOnline(broker.Port, device);

        // Retained online first, then the Will once the device's TCP connection is gone without a DISCONNECT.
        using var availability = new MosquittoSubscriber(broker.Port, Topic(device, "availability"), 2, 30);
        availability.WaitUntilSubscribed(TimeSpan.FromSeconds(10));
        KillWithDescendants(device.Process.Pid);
        var payloads = availability.Collect(30);

        Assert.True(
            payloads.Count == 2 && payloads[0].Contains("online", StringComparison.Ordinal) && payloads[1].Contains("offline", StringComparison.Ordinal),
            $"availability: [{string.Join(", ", payloads)}]\n{availability.Transcript}\n{device.Process.AllOutput}");
        var retained = MosquittoClients.Subscribe(broker.Port, Topic(device, "availability"), 1, 10, retainedOnly: true);
        Assert.True(retained.Count == 1 && retained[0].Contains("offline", StringComparison.Ordinal), $"retained: [{string.Join(", ", retained)}]");
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void Sec1_without_a_proof_of_possession_provisions_and_refuses_a_phone_that_sends_one(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path, extraArgs: new[] { "--pop", string.Empty });
        string qr = device.Process.StdoutLines.First(l => l.StartsWith("qr payload:", StringComparison.Ordinal));
        Assert.DoesNotContain("\"pop\"", qr, StringComparison.Ordinal);

        // The PoP is mixed into the session key, so a phone that sends one the device does not have fails the handshake.
        var (exit, output) = device.Provision("--pop", "a-pop-the-device-lacks", "--ssid", "HomeNetwork", "--passphrase", "correct horse battery");
        Assert.NotEqual(0, exit);
        Assert.DoesNotContain("Connected", output, StringComparison.Ordinal);
        Assert.False(device.Process.HasExited, device.Process.AllOutput);

        device.ProvisionHomeUntilOnline(Path.Combine(data.Path, "phone.token"));
        device.Stop();
    }

    [Theory]
    [InlineData("simulator")]
    [InlineData("firmware")]
    public void A_scan_pages_the_same_list_at_any_page_size_with_the_edge_case_ssids_byte_exact(string body)
    {
        using var data = new TempDirectory();
        using var device = RunningBody.Start(body, data.Path);

        var byOne = Scan(device, 1);
        var byFour = Scan(device, 4);
        var atOnce = Scan(device, 50);

        Assert.Equal(byOne.Count, byOne.Entries.Count);
        Assert.Equal(byOne.Entries, byFour.Entries);
        Assert.Equal(byOne.Entries, atOnce.Entries);
        var ssids = byOne.Entries.Select(e => e.SsidHex).ToList();
        Assert.Contains(Hex("HomeNetwork"), ssids);
        Assert.Contains(Hex("Exactly32BytesLongSSID_abcdefghi"), ssids);
        Assert.Contains(Hex("Caf\u00e9 \u2615 \U0001F4F6"), ssids);
        // An SSID that is not valid UTF-8: the simulator hands the phone its bytes unchanged; nanoFramework's
        // WifiAvailableNetwork.Ssid is a string, so on the firmware each invalid sequence arrives as U+FFFD.
        string rawSsid = byOne.Entries.Single(e => e.Bssid == "24:0a:c4:10:00:08").SsidHex;
        Assert.Equal(body == "simulator" ? "4e657480c328ff" : Hex("Net\uFFFD\uFFFD(\uFFFD"), rawSsid);
        Assert.Contains(string.Empty, ssids); // an empty SSID in beacons is listed
        Assert.DoesNotContain(Hex("Office5G"), ssids);
        Assert.DoesNotContain(Hex("HiddenLab"), ssids);
        Assert.Equal(byOne.Entries.Count, byOne.Entries.Select(e => e.Bssid).Distinct().Count());
        Assert.False(device.Process.HasExited, device.Process.AllOutput);
        device.Stop();
    }

    private static string Hex(string ssid) => Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(ssid));

    private static (int Count, List<(string SsidHex, string Bssid, long Channel)> Entries) Scan(RunningBody device, int page)
    {
        var (exit, output) = device.Provision("--pop", device.Pop, "--scan", "--page", page.ToString(CultureInfo.InvariantCulture));
        Assert.True(exit == 0, $"page {page}: {output}\n{device.Process.AllOutput}");
        string line = output.Split('\n').Single(l => l.Contains("\"step\": \"scan\"", StringComparison.Ordinal));
        using var json = System.Text.Json.JsonDocument.Parse(line);
        var entries = json.RootElement.GetProperty("entries").EnumerateArray()
            .Select(e => (e.GetProperty("ssid_hex").GetString()!, e.GetProperty("bssid").GetString()!, e.GetProperty("channel").GetInt64()))
            .ToList();
        return (json.RootElement.GetProperty("count").GetInt32(), entries);
    }

    /// <summary>The online availability (retained, or live while the link is still connecting): the device is subscribed to commands.</summary>
    private static void AssertAvailabilityOnline(int port, RunningBody device)
    {
        var online = MosquittoClients.Subscribe(port, Topic(device, "availability"), 1, 20);
        Assert.True(online.Count == 1 && online[0].Contains("online", StringComparison.Ordinal), device.Process.AllOutput);
    }

    private static string Topic(RunningBody device, string suffix) => "accessory/" + device.DeviceId + "/" + suffix;

    private static void Publish(int port, string topic, string payload)
    {
        var start = new ProcessStartInfo("/usr/bin/mosquitto_pub") { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in new[] { "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-i", "acc-pub-" + Guid.NewGuid().ToString("N")[..8], "-q", "1", "-t", topic, "-m", payload })
        {
            start.ArgumentList.Add(arg);
        }

        using var pub = Process.Start(start)!;
        string error = pub.StandardError.ReadToEnd();
        Assert.True(pub.WaitForExit(10_000) && pub.ExitCode == 0, "mosquitto_pub failed: " + error);
    }

    /// <summary>
    /// SIGKILL for the body and everything it started: the firmware body's supervisor runs the board as a child
    /// process, and the board holds the MQTT connection, so a power cut has to take the board down, not only the
    /// supervisor (which would leave the board connected and the Will unsent).
    /// </summary>
    private static void KillWithDescendants(int pid)
    {
        var all = new List<int>();
        Collect(pid, all);
        foreach (int id in all)
        {
            try
            {
                using var p = Process.GetProcessById(id);
                p.Kill();
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }
    }

    private static void Collect(int pid, List<int> into)
    {
        into.Add(pid);
        string tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            return;
        }

        foreach (string task in Directory.GetDirectories(tasks))
        {
            string children;
            try
            {
                children = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (IOException)
            {
                continue;
            }

            foreach (string child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                Collect(int.Parse(child, CultureInfo.InvariantCulture), into);
            }
        }
    }

    // Publishes cmd/<name> once the result topic is subscribed, and collects what the device answers on it.
    private static (IReadOnlyList<string> Answers, string Transcript) Command(int brokerPort, RunningBody device, string name, string payload)
    {
        using var results = new MosquittoSubscriber(brokerPort, Topic(device, "cmd/" + name + "/result"), 1, 20);
        results.WaitUntilSubscribed(TimeSpan.FromSeconds(10));
        Publish(brokerPort, Topic(device, "cmd/" + name), payload);
        var answers = results.Collect(20);
        return (answers, results.Transcript);
    }
}
