using Accessory.Core.Ble;
using Accessory.Core.Ble.Improv;

namespace Accessory.Core.Tests.Ble;

public class GattFuzzTests
{
    [Fact]
    public void Random_writes_and_reads_to_every_attribute_never_throw_and_keep_state_consistent()
    {
        var profile = DeviceProfileTests.Profile(out var commands, out var improv);
        var random = new Random(0x0B1E);
        var handles = Enumerable.Range(0, 60).ToArray();
        var phones = new List<PhoneGattClient> { new(profile.Server), new(profile.Server, 185) };
        var improvPackets = new[] { ImprovTests.Packet(0x02), ImprovTests.Packet(0x03), ImprovTests.Packet(0x04), ImprovTests.WifiSettings("HomeNet", "pw") };
        for (int i = 0; i < 50_000; i++)
        {
            if (random.Next(500) == 0)
            {
                phones[random.Next(phones.Count)].Disconnect();
                phones.RemoveAll(p => !p.Connected);
                phones.Add(new PhoneGattClient(profile.Server, random.Next(2) == 0 ? 23 : 247));
            }

            var phone = phones[random.Next(phones.Count)];
            int handle = handles[random.Next(handles.Length)];
            int offset = random.Next(4) == 0 ? random.Next(-2, 600) : 0;
            byte[] data;
            switch (random.Next(4))
            {
                case 0:
                    data = new byte[random.Next(0, 40)];
                    random.NextBytes(data);
                    break;
                case 1:
                    data = improvPackets[random.Next(improvPackets.Length)];
                    handle = profile.Improv!.RpcCommand.Handle;
                    break;
                case 2:
                    data = System.Text.Encoding.UTF8.GetBytes(random.Next(2) == 0 ? "power\n{\"on\":true}" : "brightness\n{\"value\":" + random.Next(-5, 120) + "}");
                    handle = profile.Control!.Command.Handle;
                    break;
                default:
                    data = new byte[random.Next(0, 600)];
                    random.NextBytes(data);
                    break;
            }

            var status = random.Next(3) == 0
                ? profile.Server.Read(phone.Connection, handle, offset).Status
                : profile.Server.Write(phone.Connection, handle, offset, data);
            Assert.True(Enum.IsDefined(status), "status " + status);

            if (random.Next(1000) == 0)
            {
                improv.Authorize();
            }
        }

        Assert.InRange(commands.Lamp.Brightness, 0, 100);
        Assert.True(Enum.IsDefined(improv.State));
        Assert.True(Enum.IsDefined(improv.Error));
        Assert.Equal(phones.Count, profile.Server.ConnectionCount);
        var json = System.Text.Encoding.UTF8.GetString(new PhoneGattClient(profile.Server).Read(profile.Control!.State));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(commands.Lamp.ToJson()), json);
    }
}
