using Accessory.Core.Device;
using Accessory.Core.Provisioning;
using Accessory.Core.Settings;
using Accessory.Core.Tests.Fakes;
using Accessory.Phone.Protos;
using Google.Protobuf;

namespace Accessory.Core.Tests.Provisioning;

/// <summary>
/// A device with a fake radio, manual clock and in-memory store, provisioned through the real router with a
/// pass-through security scheme; requests and replies go through Google.Protobuf as the independent client codec.
/// </summary>
internal sealed class ProvisioningHarness : IDisposable
{
    public const uint SessionId = 7;

    public ProvisioningHarness(ProvisioningOptions? options = null, int securityVersion = 2, params FakeNetwork[] networks)
    {
        Clock = new ManualClock();
        Radio = new FakeWifiRadio(Clock, networks.Length > 0 ? networks : new[] { Home });
        Store = new MemorySettingsStore();
        Log = new RecordingLog();
        Repository = new SettingsRepository(Store, Log);
        Settings = Repository.Load();
        Lifecycle = new DeviceLifecycle(hasStoredCredentials: false);
        Lifecycle.StateChanged += (from, to, trigger) => Transitions.Add($"{from}->{to}:{trigger}");
        Security = new PassThroughSecurity(securityVersion);
        Options = options ?? new ProvisioningOptions();
        Manager = new ProvisioningManager(Radio, Clock, Repository, Settings, Lifecycle, Log, Options);
        Manager.Ended += reason => EndReasons.Add(reason);
        Service = new ProvisioningService(Security, Manager, securityPatchVersion: 1, popUsed: true);
        Router = Service.Router;
    }

    public static FakeNetwork Home { get; } = FakeNetwork.Create("HomeNet", "correct horse battery", rssi: -42, channel: 11, lastBssidByte: 0x42);

    public ManualClock Clock { get; }

    public FakeWifiRadio Radio { get; }

    public MemorySettingsStore Store { get; }

    public RecordingLog Log { get; }

    public SettingsRepository Repository { get; }

    public DeviceSettings Settings { get; }

    public DeviceLifecycle Lifecycle { get; }

    public PassThroughSecurity Security { get; }

    public ProvisioningOptions Options { get; }

    public ProvisioningManager Manager { get; }

    public ProvisioningService Service { get; }

    public ProtocommRouter Router { get; }

    public List<string> Transitions { get; } = new();

    public List<string> EndReasons { get; } = new();

    public ProvisioningHarness Started()
    {
        Service.Start();
        Router.OpenSession(SessionId);
        return this;
    }

    public ProtocommResponse Send(string endpoint, IMessage message) => Router.Handle(SessionId, endpoint, message.ToByteArray());

    public ProtocommResponse Send(string endpoint, byte[] body) => Router.Handle(SessionId, endpoint, body);

    public RespSetConfig SetConfig(string ssid, string passphrase, byte[]? bssid = null, int channel = 0)
        => SetConfig(System.Text.Encoding.UTF8.GetBytes(ssid), System.Text.Encoding.UTF8.GetBytes(passphrase), bssid, channel);

    public RespSetConfig SetConfig(byte[] ssid, byte[] passphrase, byte[]? bssid = null, int channel = 0)
    {
        var request = new WiFiConfigPayload
        {
            Msg = WiFiConfigMsgType.TypeCmdSetConfig,
            CmdSetConfig = new CmdSetConfig
            {
                Ssid = ByteString.CopyFrom(ssid),
                Passphrase = ByteString.CopyFrom(passphrase),
                Bssid = ByteString.CopyFrom(bssid ?? Array.Empty<byte>()),
                Channel = channel,
            },
        };
        var reply = Config(request);
        Assert.Equal(WiFiConfigMsgType.TypeRespSetConfig, reply.Msg);
        Assert.Equal(WiFiConfigPayload.PayloadOneofCase.RespSetConfig, reply.PayloadCase);
        return reply.RespSetConfig;
    }

    /// <summary>ApplyConfig as phone apps send it: just {msg=4}.</summary>
    public RespApplyConfig ApplyConfig()
    {
        var reply = Config(new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdApplyConfig });
        Assert.Equal(WiFiConfigMsgType.TypeRespApplyConfig, reply.Msg);
        Assert.Equal(WiFiConfigPayload.PayloadOneofCase.RespApplyConfig, reply.PayloadCase);
        return reply.RespApplyConfig;
    }

    public RespGetStatus GetStatus()
    {
        var reply = Config(new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdGetStatus, CmdGetStatus = new CmdGetStatus() });
        Assert.Equal(WiFiConfigMsgType.TypeRespGetStatus, reply.Msg);
        Assert.Equal(WiFiConfigPayload.PayloadOneofCase.RespGetStatus, reply.PayloadCase);
        return reply.RespGetStatus;
    }

    public WiFiConfigPayload Config(WiFiConfigPayload request)
    {
        var response = Send("prov-config", request);
        Assert.True(response.Outcome == ProtocommOutcome.Ok, response.Reason);
        return WiFiConfigPayload.Parser.ParseFrom(response.Body);
    }

    public WiFiCtrlPayload Control(WiFiCtrlMsgType msg)
    {
        var response = Send("prov-ctrl", new WiFiCtrlPayload { Msg = msg });
        Assert.True(response.Outcome == ProtocommOutcome.Ok, response.Reason);
        return WiFiCtrlPayload.Parser.ParseFrom(response.Body);
    }

    public WiFiScanPayload Scan(WiFiScanPayload request)
    {
        var response = Send("prov-scan", request);
        Assert.True(response.Outcome == ProtocommOutcome.Ok, response.Reason);
        return WiFiScanPayload.Parser.ParseFrom(response.Body);
    }

    /// <summary>The settings as a rebooted device would read them from the store.</summary>
    public DeviceSettings Reloaded() => new SettingsRepository(Store, Log).Load();

    /// <summary>Sends valid credentials and lets the apply delay and the join complete.</summary>
    public void ProvisionSuccessfully(FakeNetwork? network = null)
    {
        network ??= Home;
        Assert.Equal(Status.Success, SetConfig(network.AccessPoint.Ssid, System.Text.Encoding.UTF8.GetBytes(network.Password)).Status);
        Assert.Equal(Status.Success, ApplyConfig().Status);
        Clock.Advance(Options.ApplyDelayMilliseconds + Radio.ConnectDelayMilliseconds);
    }

    public void Dispose()
    {
        Manager.Dispose();
        Radio.ScanStarted.Dispose();
    }
}
