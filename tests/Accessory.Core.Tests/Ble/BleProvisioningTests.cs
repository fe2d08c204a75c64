using Accessory.Core.Ble;
using Accessory.Core.Ble.Provisioning;
using Accessory.Core.Device;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;
using Accessory.Core.Settings;
using Accessory.Core.Tests.Fakes;
using Accessory.Core.Tests.Provisioning;
using Accessory.Core.Tests.Security;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Google.Protobuf;

namespace Accessory.Core.Tests.Ble;

public class BleProvisioningTests
{
    [Fact]
    public void Every_endpoint_is_a_read_write_characteristic_with_espidf_uuid_and_its_name()
    {
        using var device = new Device(new PassThroughSecurity(), withCustomEndpoint: true);
        var service = device.Service;
        var uuid = BleUuid.Parse(ProvisioningGattUuids.DefaultService);
        Assert.True(service.Uuid.SameAs(uuid));
        var expected = new (string Name, int Field)[]
        {
            ("prov-ctrl", 0xFF4F), ("prov-scan", 0xFF50), ("prov-session", 0xFF51), ("prov-config", 0xFF52), ("proto-ver", 0xFF53), ("custom-data", 0xFF54),
        };
        Assert.Equal(expected.Length, service.Characteristics.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            var characteristic = service.Characteristics[i];
            Assert.Equal(uuid.WithShortField(expected[i].Field).ToString(), characteristic.Uuid.ToString());
            Assert.Equal(GattProperty.Read | GattProperty.Write, characteristic.Properties);
            Assert.Equal(expected[i].Name, System.Text.Encoding.UTF8.GetString(Assert.Single(characteristic.Descriptors).Value));
        }

        Assert.Equal("021aff52-0382-4aea-bff4-6b3f1c5adfb4", service.Characteristics[3].Uuid.ToString());
        Assert.Equal("1775244d-6b43-439b-877c-060f2d9bed07", BleUuid.Parse(ProvisioningGattUuids.EspIdfBuiltInService).ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_phone_provisions_over_gatt_at_mtu_23_with_long_writes_and_reads(int version)
    {
        var (scheme, client) = Pair(version);
        using var device = new Device(scheme);
        var phone = new PhoneGattClient(device.Server);

        var protoVer = System.Text.Encoding.UTF8.GetString(phone.Exchange(phone.FindByDescription("proto-ver"), "ESP"u8.ToArray()));
        Assert.Contains("\"sec_ver\":" + version, protoVer, StringComparison.Ordinal);
        Assert.True(phone.ReadPieces > 1, "proto-ver's JSON needs a long read at MTU 23");

        var session = phone.FindByDescription("prov-session");
        client.Handshake(request => phone.Exchange(session, request));
        Assert.True(scheme.IsEstablished(ProvisioningGattService.SessionOf(phone.Connection)));

        var config = phone.FindByDescription("prov-config");
        int piecesBefore = phone.WritePieces;
        var set = Config(phone, config, client, new WiFiConfigPayload
        {
            Msg = WiFiConfigMsgType.TypeCmdSetConfig,
            CmdSetConfig = new CmdSetConfig
            {
                Ssid = ByteString.CopyFrom(ProvisioningHarness.Home.AccessPoint.Ssid),
                Passphrase = ByteString.CopyFromUtf8(ProvisioningHarness.Home.Password),
            },
        });
        Assert.Equal(Status.Success, set.RespSetConfig.Status);
        Assert.True(phone.WritePieces - piecesBefore > 1, "set-config went out as a long write");
        var apply = Config(phone, config, client, new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdApplyConfig, CmdApplyConfig = new CmdApplyConfig() });
        Assert.Equal(Status.Success, apply.RespApplyConfig.Status);
        device.Clock.Advance(device.Options.ApplyDelayMilliseconds + device.Radio.ConnectDelayMilliseconds);
        var status = Config(phone, config, client, new WiFiConfigPayload { Msg = WiFiConfigMsgType.TypeCmdGetStatus, CmdGetStatus = new CmdGetStatus() });
        Assert.Equal(WifiStationState.Connected, status.RespGetStatus.StaState);

        phone.Disconnect();
        Assert.False(scheme.IsEstablished(ProvisioningGattService.SessionOf(phone.Connection)));
    }

    [Fact]
    public void A_failed_request_closes_the_session_and_the_read_is_an_att_error()
    {
        var scheme = SecurityTestKit.Sec1("pop1");
        using var device = new Device(scheme);
        var phone = new PhoneGattClient(device.Server);
        var client = new Sec1Client("pop1"u8.ToArray());
        var session = phone.FindByDescription("prov-session");
        client.Handshake(request => phone.Exchange(session, request));
        uint id = ProvisioningGattService.SessionOf(phone.Connection);
        Assert.True(scheme.IsEstablished(id));

        Assert.Equal(GattStatus.Success, phone.Write(session, new byte[] { 0xFF, 0x13, 0x00 }));
        var failed = device.Server.Read(phone.Connection, session.Handle, 0);
        Assert.Equal(GattStatus.UnlikelyError, failed.Status);
        Assert.False(scheme.IsEstablished(id));

        var config = phone.FindByDescription("prov-config");
        Assert.Equal(GattStatus.Success, phone.Write(config, new byte[] { 1, 2, 3 }));
        Assert.Equal(GattStatus.UnlikelyError, device.Server.Read(phone.Connection, config.Handle, 0).Status);

        // A fresh handshake on the same connection opens a new session.
        var again = new Sec1Client("pop1"u8.ToArray());
        again.Handshake(request => phone.Exchange(session, request));
        Assert.True(scheme.IsEstablished(id));
    }

    [Fact]
    public void Connections_have_separate_sessions_and_pending_requests()
    {
        var scheme = SecurityTestKit.Sec1("pop1");
        using var device = new Device(scheme);
        var a = new PhoneGattClient(device.Server);
        var b = new PhoneGattClient(device.Server);
        var client = new Sec1Client("pop1"u8.ToArray());
        client.Handshake(request => a.Exchange(a.FindByDescription("prov-session"), request));
        Assert.True(scheme.IsEstablished(ProvisioningGattService.SessionOf(a.Connection)));
        Assert.False(scheme.IsEstablished(ProvisioningGattService.SessionOf(b.Connection)));

        var config = a.FindByDescription("prov-config");
        Assert.Equal(GattStatus.Success, b.Write(config, new byte[] { 8, 2 }));
        Assert.Equal(GattStatus.UnlikelyError, device.Server.Read(b.Connection, config.Handle, 0).Status);
        var reply = Config(a, config, client, new WiFiConfigPayload
        {
            Msg = WiFiConfigMsgType.TypeCmdSetConfig,
            CmdSetConfig = new CmdSetConfig { Ssid = ByteString.CopyFromUtf8("Other"), Passphrase = ByteString.CopyFromUtf8("password1") },
        });
        Assert.Equal(Status.Success, reply.RespSetConfig.Status);
    }

    [Fact]
    public void Long_writes_must_be_contiguous_and_bounded()
    {
        using var device = new Device(new PassThroughSecurity());
        var phone = new PhoneGattClient(device.Server);
        var version = phone.FindByDescription("proto-ver");
        Assert.Equal(GattStatus.Success, device.Server.Write(phone.Connection, version.Handle, 0, new byte[18]));
        Assert.Equal(GattStatus.InvalidOffset, device.Server.Write(phone.Connection, version.Handle, 19, new byte[18]));
        Assert.Equal(GattStatus.Success, device.Server.Write(phone.Connection, version.Handle, 18, new byte[18]));
        for (int offset = 0; offset < ProvisioningGattService.MaxRequestLength; offset += 512)
        {
            Assert.Equal(GattStatus.Success, device.Server.Write(phone.Connection, version.Handle, offset, new byte[512]));
        }

        Assert.Equal(GattStatus.InvalidAttributeValueLength, device.Server.Write(phone.Connection, version.Handle, ProvisioningGattService.MaxRequestLength, new byte[1]));

        // Nothing is pending after the refused request: the read serves the (empty) previous response.
        Assert.Empty(phone.Read(version));
    }

    [Fact]
    public void A_long_read_serves_one_response_and_runs_the_request_once()
    {
        var security = new PassThroughSecurity();
        using var device = new Device(security);
        var phone = new PhoneGattClient(device.Server);
        var session = phone.FindByDescription("prov-session");
        var request = Enumerable.Range(0, 70).Select(i => (byte)i).ToArray();
        Assert.Equal(request, phone.Exchange(session, request));
        Assert.Single(security.SessionRequests);
        Assert.Equal(request, phone.Read(session));
        Assert.Single(security.SessionRequests);
    }

    [Fact]
    public void A_stopped_router_answers_request_not_supported()
    {
        using var device = new Device(new PassThroughSecurity());
        var phone = new PhoneGattClient(device.Server);
        device.Provisioning.Router.Stopped = true;
        var version = phone.FindByDescription("proto-ver");
        Assert.Equal(GattStatus.Success, phone.Write(version, new byte[] { 1 }));
        Assert.Equal(GattStatus.RequestNotSupported, device.Server.Read(phone.Connection, version.Handle, 0).Status);
    }

    private static WiFiConfigPayload Config(PhoneGattClient phone, GattCharacteristic config, ISecurityClient client, WiFiConfigPayload request) =>
        WiFiConfigPayload.Parser.ParseFrom(client.DecryptResponse(phone.Exchange(config, client.EncryptRequest(request.ToByteArray()))));

    private static (ISecurityScheme Scheme, ISecurityClient Client) Pair(int version) => version switch
    {
        0 => (new Sec0Scheme(), new Sec0Client()),
        1 => (SecurityTestKit.Sec1("pop1"), new Sec1Client("pop1"u8.ToArray())),
        _ => (SecurityTestKit.Sec2(1), new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 1)),
    };

    /// <summary>A device with a fake radio and manual clock, serving provisioning over a GATT server.</summary>
    private sealed class Device : IDisposable
    {
        public Device(ISecurityScheme security, bool withCustomEndpoint = false)
        {
            Clock = new ManualClock();
            Radio = new FakeWifiRadio(Clock, ProvisioningHarness.Home);
            var log = new RecordingLog();
            var repository = new SettingsRepository(new MemorySettingsStore(), log);
            Options = new ProvisioningOptions();
            Manager = new ProvisioningManager(Radio, Clock, repository, repository.Load(), new DeviceLifecycle(hasStoredCredentials: false), log, Options);
            var provisioning = new ProvisioningService(security, Manager, securityPatchVersion: 1, popUsed: security.Version == 1);
            if (withCustomEndpoint)
            {
                provisioning.AddCustomDataEndpoint();
            }

            provisioning.Start();
            Service = ProvisioningGattService.Build(provisioning.Router, BleUuid.Parse(ProvisioningGattUuids.DefaultService));
            var database = new GattDatabase();
            database.Add(Service);
            Server = new GattServer(database);
            Provisioning = provisioning;
        }

        public ManualClock Clock { get; }

        public FakeWifiRadio Radio { get; }

        public ProvisioningOptions Options { get; }

        public ProvisioningManager Manager { get; }

        public ProvisioningService Provisioning { get; }

        public GattService Service { get; }

        public GattServer Server { get; }

        public void Dispose()
        {
            Manager.Dispose();
            Radio.ScanStarted.Dispose();
        }
    }
}
