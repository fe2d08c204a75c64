using System.Text;
using Accessory.Core.Ble;
using Accessory.Core.Ble.Advertising;
using Accessory.Core.Ble.Control;
using Accessory.Core.Ble.DeviceInfo;
using Accessory.Core.Ble.Improv;
using Accessory.Core.Ble.Provisioning;
using Accessory.Core.Cloud;
using Accessory.Core.Commands;
using Accessory.Core.Tests.Fakes;
using Accessory.Core.Provisioning;

namespace Accessory.Core.Tests.Ble;

public class DeviceProfileTests
{
    internal static readonly Accessory.Core.LocalApi.AccessToken Token =
        Accessory.Core.LocalApi.AccessToken.LoadOrCreate(new Accessory.Core.Settings.DeviceSettings(), new Accessory.TestKit.SeededRandom(15), out _);

    internal static byte[] AuthFrame(string token) => Encoding.UTF8.GetBytes(ControlGattService.AuthCommand + "\n" + token);

    [Fact]
    public void Commands_need_the_access_token_written_first_on_the_same_connection()
    {
        var profile = Profile(out var commands, out _);
        var control = profile.Control!;
        var stranger = new PhoneGattClient(profile.Server);

        Assert.Equal(GattStatus.InsufficientAuthorization, stranger.Write(control.Command, CommandFrame.Encode("power", "{\"on\":true}")));
        Assert.False(commands.Lamp.On);
        Assert.Contains("unauthorized", Encoding.UTF8.GetString(control.LastResult), StringComparison.Ordinal);

        var paired = new PhoneGattClient(profile.Server);
        Assert.Equal(GattStatus.Success, paired.Write(control.Command, AuthFrame(Token.Value)));
        Assert.Equal(GattStatus.Success, paired.Write(control.Command, CommandFrame.Encode("power", "{\"on\":true}")));
        Assert.True(commands.Lamp.On);

        // Being paired is per connection: the stranger is still refused.
        Assert.Equal(GattStatus.InsufficientAuthorization, stranger.Write(control.Command, CommandFrame.Encode("power", "{\"on\":false}")));
        Assert.True(commands.Lamp.On);
    }

    [Fact]
    public void After_three_wrong_tokens_a_connection_cannot_try_again_even_with_the_right_one()
    {
        var profile = Profile(out var commands, out _);
        var control = profile.Control!;
        var guesser = new PhoneGattClient(profile.Server);
        for (int i = 0; i < ControlGattService.MaxFailedAttempts; i++)
        {
            Assert.Equal(GattStatus.InsufficientAuthorization, guesser.Write(control.Command, AuthFrame(new string('0', 32))));
        }

        Assert.Equal(GattStatus.InsufficientAuthorization, guesser.Write(control.Command, AuthFrame(Token.Value)));
        Assert.Equal(GattStatus.InsufficientAuthorization, guesser.Write(control.Command, CommandFrame.Encode("power", "{\"on\":true}")));
        Assert.False(commands.Lamp.On);
    }

    [Fact]
    public void Device_information_serves_read_only_strings()
    {
        var profile = Profile(out _, out _);
        var phone = new PhoneGattClient(profile.Server);
        var service = profile.DeviceInformation!;
        Assert.Equal(0x180A, service.Uuid.ShortValue);
        string Read(int uuid) => Encoding.UTF8.GetString(phone.Read(service.Characteristics.Single(c => c.Uuid.ShortValue == uuid)));
        Assert.Equal("Acme", Read(0x2A29));
        Assert.Equal("Lamp One", Read(0x2A24));
        Assert.Equal("A4CF12A1B2C3", Read(0x2A25));
        Assert.Equal("1.2.3", Read(0x2A26));
        Assert.Equal(GattStatus.WriteNotPermitted, phone.Write(service.Characteristics[0], new byte[] { 1 }));
    }

    [Fact]
    public void Control_commands_run_like_mqtt_and_state_and_result_are_notified()
    {
        var profile = Profile(out var commands, out _);
        var control = profile.Control!;
        var phone = new PhoneGattClient(profile.Server);
        Assert.Equal(GattStatus.Success, phone.Write(control.Command, AuthFrame(Token.Value)));
        Assert.Equal(GattStatus.Success, phone.Subscribe(control.State));
        Assert.Equal(GattStatus.Success, phone.Subscribe(control.Result));
        Assert.Equal(commands.Lamp.ToJson(), phone.Read(control.State));

        Assert.Equal(GattStatus.Success, phone.Write(control.Command, CommandFrame.Encode("brightness", "{\"value\":40,\"request\":\"r1\"}")));
        Assert.Equal(40, commands.Lamp.Brightness);
        var expected = new CommandOutcomeProbe(commands).Expect("brightness", "{\"value\":40,\"request\":\"r1\"}");
        Assert.Equal(expected, phone.Read(control.Result));
        Assert.Equal(commands.Lamp.ToJson().Take(20), phone.NotificationsOf(control.State).Last());
        Assert.Equal(expected.Take(20), phone.NotificationsOf(control.Result).Last());

        int identify = 0;
        commands.IdentifyRequested += seconds => identify = seconds;
        phone.Write(control.Command, CommandFrame.Encode("identify", "{\"seconds\":5}"));
        Assert.Equal(5, identify);
        Assert.Contains("\"ok\":true", Encoding.UTF8.GetString(phone.Read(control.Result)), StringComparison.Ordinal);

        phone.Write(control.Command, CommandFrame.Encode("dance", "{}"));
        Assert.Contains("unknown command", Encoding.UTF8.GetString(phone.Read(control.Result)), StringComparison.Ordinal);
        phone.Write(control.Command, Encoding.UTF8.GetBytes("power\nnot json"));
        Assert.Contains("bad json", Encoding.UTF8.GetString(phone.Read(control.Result)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_split_over_writes_runs_once_when_its_json_closes()
    {
        var profile = Profile(out var commands, out _);
        var control = profile.Control!;
        var phone = new PhoneGattClient(profile.Server);
        Assert.Equal(GattStatus.Success, phone.Write(control.Command, AuthFrame(Token.Value)));
        var frame = CommandFrame.Encode("power", "{\"on\":true,\"request\":\"a}b{\\\"c\"}");
        for (int offset = 0; offset < frame.Length; offset += 4)
        {
            Assert.False(commands.Lamp.On);
            Assert.Equal(GattStatus.Success, profile.Server.Write(phone.Connection, control.Command.Handle, offset, frame.Skip(offset).Take(4).ToArray()));
        }

        Assert.True(commands.Lamp.On);
        Assert.Contains("\"request\":\"a}b{\\\"c\"", Encoding.UTF8.GetString(control.LastResult), StringComparison.Ordinal);
    }

    [Fact]
    public void The_profile_holds_every_service_and_advertises_name_uuids_and_improv_data()
    {
        var profile = Profile(out _, out var improv);
        Assert.Equal(4, profile.Database.Services.Length);
        Assert.Equal(ProvisioningGattUuids.DefaultService, profile.Provisioning!.Uuid.ToString());
        var advertisement = profile.Advertisement();
        Assert.Equal("PROV_A1B2C3", advertisement.LocalName);
        Assert.Equal(new[] { ProvisioningGattUuids.DefaultService, ImprovUuids.Service, ControlGattUuids.Service }, advertisement.ServiceUuids.Select(u => u.ToString()));
        var data = Assert.Single(advertisement.ServiceData);
        Assert.Equal(0x4677, data.Uuid16);
        Assert.Equal(new byte[] { 0x02, 0x07, 0, 0, 0, 0 }, data.Data);

        int changed = 0;
        profile.AdvertisementChanged += _ => changed++;
        new PhoneGattClient(profile.Server).Write(profile.Improv!.RpcCommand, ImprovTests.WifiSettings("HomeNet", "pw"));
        Assert.Equal(1, changed);
        Assert.Equal(0x03, profile.Advertisement().ServiceData[0].Data[0]);

        var primary = BleAdvertisingData.Advertising(advertisement);
        var scan = BleAdvertisingData.ScanResponse(advertisement);
        Assert.True(primary.Length <= 31 && scan.Length <= 31);
        Assert.Equal(new byte[] { 2, 0x01, 0x06, 9, 0x16, 0x77, 0x46 }, primary.Take(7));
        Assert.Equal(BleUuid.Parse(ProvisioningGattUuids.DefaultService).ToAttBytes(), primary.Skip(15).Take(16));
        Assert.Equal("PROV_A1B2C3", Encoding.UTF8.GetString(scan, 2, scan[0] - 1));
        Assert.Equal(31, primary.Length);
    }

    [Fact]
    public void Names_are_cut_to_29_bytes_on_a_character_boundary()
    {
        Assert.Equal(new string('n', 29), new BleAdvertisement(new string('n', 40)).LocalName);
        Assert.Equal(new string('n', 28), new BleAdvertisement(new string('n', 28) + "éé").LocalName);
    }

    internal static DeviceGattProfile Profile(out DeviceCommands commands, out ImprovService improv)
    {
        commands = new DeviceCommands("A4CF12A1B2C3", new LampState());
        improv = new ImprovService(new FakeImprovProvisioner(), new ImprovOptions(), new ManualClock());
        var router = new ProtocommRouter(new PassThroughSecurity());
        router.AddEndpoint(EndpointNames.ProtoVersion, new Echo());
        return new DeviceGattProfile(new DeviceGattProfileOptions
        {
            LocalName = "PROV_A1B2C3",
            ProvisioningRouter = router,
            Improv = improv,
            DeviceInformation = new DeviceInformation("Acme", "Lamp One", "A4CF12A1B2C3", "1.2.3"),
            Commands = commands,
            ControlToken = Token,
        });
    }

    private sealed class Echo : IProtocommEndpoint
    {
        public byte[] Handle(uint sessionId, byte[] request) => request;
    }

    /// <summary>The JSON another transport would get for the same command, from a twin lamp.</summary>
    private sealed class CommandOutcomeProbe
    {
        private readonly DeviceCommands _twin;

        public CommandOutcomeProbe(DeviceCommands reference)
        {
            _twin = new DeviceCommands(reference.DeviceId, new LampState());
        }

        public byte[] Expect(string name, string json) => _twin.Execute(name, Encoding.UTF8.GetBytes(json)).ToJson();
    }
}
