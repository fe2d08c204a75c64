using System.Text;
using Accessory.Core.Ble;
using Accessory.Core.Ble.Improv;
using Accessory.Core.Wifi;

namespace Accessory.Core.Tests.Ble;

public class ImprovTests
{
    [Fact]
    public void Characteristics_have_the_spec_uuids_and_properties()
    {
        var (gatt, _, phone) = Build(requireAuthorization: false);
        var uuids = gatt.Service.Characteristics.Select(c => c.Uuid.ToString()).ToArray();
        Assert.Equal(new[] { "8001", "8002", "8003", "8004", "8005" }.Select(s => "00467768-6228-2272-4663-27747826" + s), uuids);
        Assert.Equal(GattProperty.Read | GattProperty.Notify, gatt.CurrentState.Properties);
        Assert.Equal(GattProperty.Write, gatt.RpcCommand.Properties);
        Assert.Equal(new byte[] { 0x07 }, phone.Read(gatt.Capabilities));
    }

    [Fact]
    public void Wifi_settings_provision_and_the_result_carries_the_redirect_url()
    {
        var (gatt, provisioner, phone) = Build(requireAuthorization: false);
        Assert.Equal(new byte[] { 0x02 }, phone.Read(gatt.CurrentState));
        var packet = WifiSettings("HomeNet", "correct horse");
        Assert.Equal(GattStatus.Success, phone.Write(gatt.RpcCommand, packet));
        Assert.Equal(ImprovState.Provisioning, gatt.Improv.State);
        var join = Assert.Single(provisioner.Joins);
        Assert.Equal("HomeNet", Encoding.UTF8.GetString(join.Ssid));
        Assert.Equal("correct horse", Encoding.UTF8.GetString(join.Passphrase));

        provisioner.Pending!(true);
        Assert.Equal(ImprovState.Provisioned, gatt.Improv.State);
        var url = "http://accessory.local/";
        var expected = Result(0x01, url);
        Assert.Equal(expected, phone.Read(gatt.RpcResult));
        Assert.Equal(new byte[][] { new byte[] { 0x03 }, new byte[] { 0x04 } }, phone.NotificationsOf(gatt.CurrentState));
        Assert.Equal(expected.Take(20), Assert.Single(phone.NotificationsOf(gatt.RpcResult)));
        Assert.Equal(new byte[] { 0x04, 0x07, 0, 0, 0, 0 }, gatt.Improv.ServiceData());

        // Provisioned: the service is done with credentials.
        phone.Write(gatt.RpcCommand, WifiSettings("Other", "x"));
        Assert.Equal(ImprovError.Unknown, gatt.Improv.Error);
        Assert.Single(provisioner.Joins);
    }

    [Fact]
    public void A_failed_join_reports_unable_to_connect_and_returns_to_authorized()
    {
        var (gatt, provisioner, phone) = Build(requireAuthorization: false);
        provisioner.AnswerAtOnce = false;
        phone.Write(gatt.RpcCommand, WifiSettings("HomeNet", "wrong"));
        Assert.Equal(ImprovState.Authorized, gatt.Improv.State);
        Assert.Equal(new byte[] { 0x03 }, phone.Read(gatt.ErrorState));
        Assert.Equal(new byte[] { 0x03 }, phone.NotificationsOf(gatt.ErrorState).Last());

        provisioner.AnswerAtOnce = true;
        phone.Write(gatt.RpcCommand, WifiSettings("HomeNet", "right"));
        Assert.Equal(ImprovState.Provisioned, gatt.Improv.State);
        Assert.Equal(ImprovError.None, gatt.Improv.Error);
    }

    [Fact]
    public void Without_authorization_credentials_are_refused_until_authorized_and_it_expires()
    {
        var clock = new ManualClock();
        var (gatt, provisioner, phone) = Build(requireAuthorization: true, clock);
        Assert.Equal(new byte[] { 0x01 }, phone.Read(gatt.CurrentState));
        phone.Write(gatt.RpcCommand, WifiSettings("HomeNet", "pw"));
        Assert.Equal(ImprovError.NotAuthorized, gatt.Improv.Error);
        Assert.Empty(provisioner.Joins);

        gatt.Improv.Authorize();
        Assert.Equal(new byte[] { 0x02 }, phone.NotificationsOf(gatt.CurrentState).Last());
        clock.Advance(ImprovOptions.DefaultAuthorizationTimeoutMilliseconds);
        Assert.Equal(ImprovState.AuthorizationRequired, gatt.Improv.State);

        gatt.Improv.Authorize();
        phone.Write(gatt.RpcCommand, WifiSettings("HomeNet", "pw"));
        Assert.Equal(ImprovState.Provisioning, gatt.Improv.State);
        clock.Advance(ImprovOptions.DefaultAuthorizationTimeoutMilliseconds * 2);
        Assert.Equal(ImprovState.Provisioning, gatt.Improv.State);
    }

    [Fact]
    public void A_short_press_authorizes_only_while_authorization_is_required()
    {
        var clock = new ManualClock();
        var (gatt, _, phone) = Build(requireAuthorization: true, clock);
        Assert.True(gatt.Improv.AuthorizeIfWaiting());
        Assert.Equal(ImprovState.Authorized, gatt.Improv.State);
        Assert.Equal(new byte[] { 0x02 }, phone.NotificationsOf(gatt.CurrentState).Last());

        // Already authorized: the press is not consumed and does not restart the expiry.
        clock.Advance(ImprovOptions.DefaultAuthorizationTimeoutMilliseconds - 1);
        Assert.False(gatt.Improv.AuthorizeIfWaiting());
        clock.Advance(1);
        Assert.Equal(ImprovState.AuthorizationRequired, gatt.Improv.State);

        var (open, _, _) = Build(requireAuthorization: false, new ManualClock());
        Assert.False(open.Improv.AuthorizeIfWaiting());
    }

    [Fact]
    public void Identify_device_info_and_scan_answer_per_the_spec()
    {
        var (gatt, provisioner, phone) = Build(requireAuthorization: true);
        int identified = 0;
        gatt.Improv.IdentifyRequested += () => identified++;
        phone.Write(gatt.RpcCommand, Packet(0x02));
        Assert.Equal(1, identified);

        phone.Write(gatt.RpcCommand, Packet(0x03));
        Assert.Equal(Result(0x03, "Accessory", "1.2.3", "esp32-c3", "Lamp A1B2C3"), phone.Read(gatt.RpcResult));

        provisioner.Networks = new[]
        {
            new WifiAccessPoint(Encoding.UTF8.GetBytes("HomeNet"), new byte[6], 6, -42, WifiAuthMode.Wpa2Psk),
            new WifiAccessPoint(Encoding.UTF8.GetBytes("Cafe"), new byte[6], 1, -70, WifiAuthMode.Open),
        };
        phone.Write(gatt.RpcCommand, Packet(0x04));
        var results = phone.NotificationsOf(gatt.RpcResult).Skip(1).ToArray();
        Assert.Equal(3, results.Length);
        Assert.Equal(Result(0x04, "HomeNet", "-42", "YES"), results[0]);
        Assert.Equal(Result(0x04, "Cafe", "-70", "NO"), results[1]);
        Assert.Equal(new byte[] { 0x04, 0x00, 0x04 }, results[2]);
        Assert.Equal(ImprovError.None, gatt.Improv.Error);
    }

    [Fact]
    public void Bad_checksum_bad_length_and_unknown_commands_set_the_error()
    {
        var (gatt, _, phone) = Build(requireAuthorization: false);
        var bad = Packet(0x03);
        bad[^1] ^= 0x55;
        phone.Write(gatt.RpcCommand, bad);
        Assert.Equal(ImprovError.InvalidRpc, gatt.Improv.Error);

        phone.Write(gatt.RpcCommand, Packet(0x03));
        Assert.Equal(ImprovError.None, gatt.Improv.Error);

        phone.Write(gatt.RpcCommand, Packet(0x42));
        Assert.Equal(ImprovError.UnknownRpc, gatt.Improv.Error);

        // ssid length says 9 but only 3 bytes follow before the password length.
        phone.Write(gatt.RpcCommand, Packet(0x01, 9, (byte)'a', (byte)'b', (byte)'c', 0));
        Assert.Equal(ImprovError.InvalidRpc, gatt.Improv.Error);
        Assert.Equal(ImprovState.Authorized, gatt.Improv.State);
        Assert.Equal(new byte[] { 0x01 }, phone.Read(gatt.ErrorState));
    }

    [Fact]
    public void A_packet_split_into_separate_writes_is_assembled_by_its_length_byte()
    {
        var (gatt, provisioner, phone) = Build(requireAuthorization: false);
        var packet = WifiSettings("A-rather-long-network-name", "and-a-long-passphrase-too");
        for (int i = 0; i < packet.Length; i += 7)
        {
            Assert.Equal(GattStatus.Success, phone.Server.Write(phone.Connection, gatt.RpcCommand.Handle, 0, packet.Skip(i).Take(7).ToArray()));
            Assert.Equal(i + 7 >= packet.Length ? 1 : 0, provisioner.Joins.Count);
        }

        Assert.Equal("A-rather-long-network-name", Encoding.UTF8.GetString(provisioner.Joins[0].Ssid));
        Assert.Equal(ImprovError.None, gatt.Improv.Error);
    }

    [Fact]
    public void A_long_write_with_offsets_is_assembled_too_and_two_packets_in_one_write_both_run()
    {
        var (gatt, provisioner, phone) = Build(requireAuthorization: false);
        Assert.Equal(GattStatus.Success, phone.Write(gatt.RpcCommand, WifiSettings("A-rather-long-network-name", "pw")));
        Assert.Single(provisioner.Joins);
        Assert.Equal(GattStatus.InvalidOffset, phone.Server.Write(phone.Connection, gatt.RpcCommand.Handle, 5, new byte[] { 1 }));

        var (gatt2, _, phone2) = Build(requireAuthorization: false);
        int identified = 0;
        gatt2.Improv.IdentifyRequested += () => identified++;
        Assert.Equal(GattStatus.Success, phone2.Server.Write(phone2.Connection, gatt2.RpcCommand.Handle, 0, Packet(0x02).Concat(Packet(0x03)).ToArray()));
        Assert.Equal(1, identified);
        Assert.Equal(0x03, gatt2.Improv.LastResult[0]);
    }

    [Fact]
    public void Result_strings_that_do_not_fit_255_bytes_are_left_out()
    {
        var packet = ImprovPacket.Result(0x01, new[] { new string('a', 200), new string('b', 60), "c" });
        Assert.Equal(201, packet[1]);
        Assert.Equal(204, packet.Length);
    }

    internal static byte[] Packet(int command, params byte[] data)
    {
        var bytes = new List<byte> { (byte)command, (byte)data.Length };
        bytes.AddRange(data);
        bytes.Add((byte)bytes.Sum(b => b));
        return bytes.ToArray();
    }

    internal static byte[] WifiSettings(string ssid, string password)
    {
        var s = Encoding.UTF8.GetBytes(ssid);
        var p = Encoding.UTF8.GetBytes(password);
        return Packet(0x01, new[] { (byte)s.Length }.Concat(s).Concat(new[] { (byte)p.Length }).Concat(p).ToArray());
    }

    private static byte[] Result(int command, params string[] strings)
    {
        var data = new List<byte>();
        foreach (var s in strings)
        {
            var b = Encoding.UTF8.GetBytes(s);
            data.Add((byte)b.Length);
            data.AddRange(b);
        }

        return Packet(command, data.ToArray());
    }

    internal static (ImprovGattService Gatt, FakeImprovProvisioner Provisioner, PhoneGattClient Phone) Build(bool requireAuthorization, ManualClock? clock = null)
    {
        var provisioner = new FakeImprovProvisioner();
        var options = new ImprovOptions
        {
            RequireAuthorization = requireAuthorization,
            RedirectUrls = new[] { "http://accessory.local/" },
            FirmwareVersion = "1.2.3",
            Hardware = "esp32-c3",
            DeviceName = "Lamp A1B2C3",
        };
        var gatt = new ImprovGattService(new ImprovService(provisioner, options, clock ?? new ManualClock()));
        var database = new GattDatabase();
        database.Add(gatt.Service);
        var server = new GattServer(database);
        gatt.Attach(server);
        var phone = new PhoneGattClient(server);
        phone.Subscribe(gatt.CurrentState);
        phone.Subscribe(gatt.ErrorState);
        phone.Subscribe(gatt.RpcResult);
        return (gatt, provisioner, phone);
    }
}
