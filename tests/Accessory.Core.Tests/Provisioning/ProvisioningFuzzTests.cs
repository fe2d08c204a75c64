using Accessory.Core.Protobuf;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Endpoints;
using Accessory.Core.Provisioning.Messages;
using Accessory.Core.Settings;
using Accessory.Core.Tests.Protobuf;
using Accessory.Phone.Protos;
using Google.Protobuf;

namespace Accessory.Core.Tests.Provisioning;

/// <summary>
/// Seeded property tests: random and mutated inputs never escape as anything but the typed errors, the router only
/// answers Ok or HandlerFailed, and credentials are stored only by a valid flow.
/// </summary>
public class ProvisioningFuzzTests
{
    private const int Seed = 20261125;

    private static readonly string[] Endpoints = { "prov-config", "prov-scan", "prov-ctrl", "prov-session", "proto-ver", "custom-data" };

    private static byte[][] Templates()
    {
        var home = ProvisioningHarness.Home;
        return new[]
        {
            new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdSetConfig, CmdSetConfig = new CmdSetConfig { Ssid = ByteString.CopyFrom(home.AccessPoint.Ssid), Passphrase = ByteString.CopyFromUtf8(home.Password), Channel = 11 } }.ToByteArray(),
            new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdSetConfig, CmdSetConfig = new CmdSetConfig { Ssid = ByteString.CopyFromUtf8("HomeNet"), Passphrase = ByteString.CopyFromUtf8("not it"), Bssid = ByteString.CopyFrom(new byte[6]) } }.ToByteArray(),
            new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdApplyConfig }.ToByteArray(),
            new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdGetStatus, CmdGetStatus = new CmdGetStatus() }.ToByteArray(),
            new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanStart, CmdScanStart = new CmdScanStart { Blocking = false, PeriodMs = 120 } }.ToByteArray(),
            new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanStatus }.ToByteArray(),
            new WiFiScanPayload { Msg = WiFiScanMsgType.TypeCmdScanResult, CmdScanResult = new CmdScanResult { StartIndex = 0, Count = 1 } }.ToByteArray(),
            new WiFiCtrlPayload { Msg = WiFiCtrlMsgType.TypeCmdCtrlReset }.ToByteArray(),
            new WiFiCtrlPayload { Msg = WiFiCtrlMsgType.TypeCmdCtrlReprov }.ToByteArray(),
            "ESP"u8.ToArray(),
            "room=kitchen"u8.ToArray(),
        };
    }

    private static byte[] NextInput(Random random, byte[][] templates)
    {
        if (random.Next(3) == 0)
        {
            var noise = new byte[random.Next(0, 48)];
            random.NextBytes(noise);
            return noise;
        }

        var data = new List<byte>(templates[random.Next(templates.Length)]);
        int mutations = random.Next(0, 4);
        for (int m = 0; m < mutations; m++)
        {
            int at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0 when data.Count > 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 1 when data.Count > 0: data[at] = (byte)random.Next(256); break;
                case 2: data.Insert(at, (byte)random.Next(256)); break;
                case 3 when data.Count > 0: data.RemoveAt(at); break;
                case 4: data.RemoveRange(at, data.Count - at); break;
                default: data.AddRange(data.Take(random.Next(0, 8)).ToArray()); break;
            }
        }

        return data.ToArray();
    }

    [Fact]
    public void Proto_reader_and_the_request_codecs_are_total_on_random_and_mutated_input()
    {
        var random = new Random(Seed);
        var templates = Templates();
        for (int i = 0; i < 100_000; i++)
        {
            var input = NextInput(random, templates);
            AssertOnlyFormatErrors(() => ProtoReaderWriterTests.Walk(new ProtoReader(input), 0), input);
            switch (i % 3)
            {
                case 0: AssertOnlyFormatErrors(() => WifiConfigCodec.DecodeRequest(input), input); break;
                case 1: AssertOnlyFormatErrors(() => WifiScanCodec.DecodeRequest(input), input); break;
                default: AssertOnlyFormatErrors(() => WifiCtrlCodec.DecodeRequest(input), input); break;
            }
        }
    }

    [Fact]
    public void Every_endpoint_through_the_router_answers_ok_or_handler_failed_and_stores_only_valid_credentials()
    {
        var random = new Random(Seed + 1);
        var templates = Templates();
        using var h = new ProvisioningHarness(new ProvisioningOptions { AutoStopEnabled = false, BlockingScanTimeoutMilliseconds = 0 });
        h.Service.AddCustomDataEndpoint();
        h.Started();
        var outcomes = new Dictionary<ProtocommOutcome, int>();

        for (int i = 0; i < 100_000; i++)
        {
            var endpoint = Endpoints[random.Next(Endpoints.Length)];
            var response = h.Send(endpoint, NextInput(random, templates));
            outcomes[response.Outcome] = outcomes.GetValueOrDefault(response.Outcome) + 1;
            Assert.True(response.Outcome == ProtocommOutcome.Ok || response.Outcome == ProtocommOutcome.HandlerFailed, $"request {i} to {endpoint}: {response.Outcome} {response.Reason}");
            if (i % 50 == 0)
            {
                h.Clock.Advance(random.Next(0, 1500));
            }
        }

        Assert.True(outcomes.GetValueOrDefault(ProtocommOutcome.Ok) > 1000);
        Assert.True(outcomes.GetValueOrDefault(ProtocommOutcome.HandlerFailed) > 1000);

        var stored = h.Reloaded();
        bool succeeded = h.Transitions.Any(t => t.EndsWith(":Connected", StringComparison.Ordinal));
        if (succeeded)
        {
            Assert.Equal(ProvisioningHarness.Home.AccessPoint.Ssid, stored.GetBytes(SettingKeys.WifiSsid));
            Assert.Equal(System.Text.Encoding.UTF8.GetBytes(ProvisioningHarness.Home.Password), stored.GetBytes(SettingKeys.WifiPassphrase));
        }
        else
        {
            Assert.False(stored.Contains(SettingKeys.WifiSsid));
            Assert.False(stored.Contains(SettingKeys.WifiPassphrase));
        }

        Assert.DoesNotContain(h.Log.Lines, line => line.Contains(ProvisioningHarness.Home.Password, StringComparison.Ordinal));
    }

    [Fact]
    public void Endpoints_called_directly_throw_only_typed_errors()
    {
        var random = new Random(Seed + 2);
        var templates = Templates();
        using var h = new ProvisioningHarness(new ProvisioningOptions { AutoStopEnabled = false, BlockingScanTimeoutMilliseconds = 0 }).Started();
        var endpoints = new IProtocommEndpoint[]
        {
            new ConfigEndpoint(h.Manager),
            new ScanEndpoint(h.Manager.Scanner, 0),
            new ControlEndpoint(h.Manager),
            new CustomDataEndpoint(h.Settings, h.Repository),
            new ProtoVersionEndpoint(2, 1, true, true),
        };

        for (int i = 0; i < 20_000; i++)
        {
            var endpoint = endpoints[random.Next(endpoints.Length)];
            var input = NextInput(random, templates);
            try
            {
                Assert.NotNull(endpoint.Handle(1, input));
            }
            catch (ProtoFormatException)
            {
            }
            catch (ProvisioningRequestException e) when (endpoint is ScanEndpoint || (endpoint is ConfigEndpoint && e.Message.Contains("GetStatus", StringComparison.Ordinal)))
            {
            }

            if (i % 50 == 0)
            {
                h.Clock.Advance(random.Next(0, 1500));
            }
        }
    }

    private static void AssertOnlyFormatErrors(Action action, byte[] input)
    {
        try
        {
            action();
        }
        catch (ProtoFormatException)
        {
        }
        catch (Exception e)
        {
            Assert.Fail($"{e.GetType().Name} escaped for input {Convert.ToHexString(input)}: {e.Message}");
        }
    }
}
