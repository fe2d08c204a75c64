using System.Diagnostics;
using System.Text;
using Accessory.Phone;
using Accessory.Phone.Ble;
using Accessory.Phone.Protos;
using Google.Protobuf;

namespace Accessory.Simulator.Cli.Qa;

/// <summary>The phone-side provisioning steps: provision (SoftAP/HTTP or BLE) and scan.</summary>
internal sealed partial class StepActions
{
    private void Provision(StepSpec step, CancellationToken cancel)
    {
        string transportName = step.Transport ?? cell.Transport ?? "softap";
        int security = cell.Security ?? scenario.Device.Security;
        var client = PhoneProvisioningFlow.Security(
            security,
            step.Pop ?? scenario.Device.Pop,
            step.Username ?? scenario.Device.Username,
            step.Password ?? scenario.Device.Password);
        Wire(transportName == "improv" ? "provision over improv (Improv Wi-Fi has no session security)" : $"provision over {transportName}, security {security}");
        string outcome;
        if (transportName == "improv")
        {
            string socket = target.BleSocket ?? throw new StepFailedException("this target has no BLE link", "a BLE link", "none");
            Wire($"ble: connect {socket}");
            outcome = ImprovPhoneFlow.RunAsync(socket, step.Ssid!, step.Passphrase, step.Timeout, Wire, cancel).GetAwaiter().GetResult();
        }
        else if (transportName == "ble")
        {
            string socket = target.BleSocket ?? throw new StepFailedException("this target has no BLE link", "a BLE link", "none");
            Wire($"ble: connect {socket}");
            var ble = VirtualBleClient.ConnectAsync(socket, cancel).GetAwaiter().GetResult();
            try
            {
                ble.ExchangeMtuAsync(512, cancel).GetAwaiter().GetResult();
                outcome = PhoneProvisioningFlow.Run(new BleProtocommTransport(ble), client, step.Ssid!, step.Passphrase, step.Timeout, line => Wire("ble " + line));
            }
            finally
            {
                ble.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        else
        {
            var address = target.ProvisioningAddress;
            Wire($"http: {address}");
            using var http = new HttpProtocommTransport(address);
            outcome = PhoneProvisioningFlow.Run(new RecordingTransport(http, Wire), client, step.Ssid!, step.Passphrase, step.Timeout, line => Wire("softap " + line), target.TokenFile);
        }

        Wire("outcome: " + outcome);
        if (!string.Equals(outcome, step.Expect, StringComparison.Ordinal))
        {
            throw new StepFailedException($"provisioning over {transportName} ended {outcome}", "outcome " + step.Expect, "outcome " + outcome);
        }
    }

    private void Scan(StepSpec step)
    {
        var address = target.ProvisioningAddress;
        using var http = new HttpProtocommTransport(address);
        var flow = new ProvisioningClient(new RecordingTransport(http, Wire));
        int security = cell.Security ?? scenario.Device.Security;
        flow.Establish(PhoneProvisioningFlow.Security(security, scenario.Device.Pop, scenario.Device.Username, scenario.Device.Password));
        WiFiScanPayload Call(WiFiScanPayload request) => WiFiScanPayload.Parser.ParseFrom(flow.Call("prov-scan", request.ToByteArray()));
        Call(new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanStart, CmdScanStart = new CmdScanStart { Blocking = true, PeriodMs = 120 } });
        var status = Call(new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanStatus, CmdScanStatus = new CmdScanStatus() }).RespScanStatus;
        var names = new List<string>();
        for (uint i = 0; i < status.ResultCount; i += 4)
        {
            var page = Call(new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanResult, CmdScanResult = new CmdScanResult { StartIndex = i, Count = Math.Min(4, status.ResultCount - i) } });
            foreach (var entry in page.RespScanResult.Entries)
            {
                names.Add(SsidLabel(entry.Ssid.ToByteArray()));
                Wire($"scan entry: {SsidLabel(entry.Ssid.ToByteArray())} ch {entry.Channel} rssi {entry.Rssi} {entry.Auth} bssid {Convert.ToHexStringLower(entry.Bssid.ToByteArray())}");
            }
        }

        var missing = step.Present.Where(p => names.Count(n => n == p) < step.Present.Count(x => x == p)).Distinct().ToList();
        var unwanted = step.Absent.Where(names.Contains).ToList();
        if (missing.Count > 0 || unwanted.Count > 0)
        {
            throw new StepFailedException(
                "the scan list is not as expected",
                $"present [{string.Join(", ", step.Present)}], absent [{string.Join(", ", step.Absent)}]",
                $"scan returned [{string.Join(", ", names)}]" + (missing.Count > 0 ? $"; missing [{string.Join(", ", missing)}]" : "") + (unwanted.Count > 0 ? $"; unexpectedly present [{string.Join(", ", unwanted)}]" : ""));
        }
    }

    // How a scan entry is named in scenarios: its text, "" for an empty SSID, hex:… when not UTF-8.
    private static string SsidLabel(byte[] ssid)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(ssid);
        }
        catch (DecoderFallbackException)
        {
            return "hex:" + Convert.ToHexStringLower(ssid);
        }
    }


    /// <summary>
    /// Records each protocomm exchange as an HTTP status line on the wire; a run of identical exchanges (status
    /// polling) is one line and a count.
    /// </summary>
    private sealed class RecordingTransport(IProtocommTransport inner, Action<string> wire) : IProtocommTransport
    {
        private string? _last;
        private int _repeats;

        public byte[] Post(string endpoint, byte[] body)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var response = inner.Post(endpoint, body);
                Line($"POST /{endpoint} ({body.Length} B) -> HTTP 200 ({response.Length} B)", $", {watch.ElapsedMilliseconds} ms");
                return response;
            }
            catch (HttpRequestException e)
            {
                Line($"POST /{endpoint} ({body.Length} B) -> {e.Message}", string.Empty);
                throw;
            }
        }

        private void Line(string text, string timing)
        {
            if (text == _last)
            {
                _repeats++;
                return;
            }

            if (_repeats > 0)
            {
                wire($"  (the line above {_repeats} more time(s): status polling)");
            }

            _last = text;
            _repeats = 0;
            wire(text + timing);
        }
    }
}
