using Accessory.Core.Device;
using Accessory.Core.Ports;
using Accessory.Core.Settings;

namespace Accessory.Core.Tests.Device;

public class DeviceIdentityTests
{
    private sealed class FixedRandom : IRandom
    {
        public void NextBytes(byte[] buffer)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                buffer[i] = (byte)(0xA1 + i);
            }
        }
    }

    [Fact]
    public void The_name_is_the_esp_idf_style_prov_prefix_and_last_three_mac_bytes()
    {
        var identity = new DeviceIdentity(new byte[] { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 });

        Assert.Equal("PROV_A1B2C3", identity.DefaultName);
        Assert.Equal("246F28A1B2C3", identity.DeviceId);
    }

    [Fact]
    public void A_created_mac_is_locally_administered_unicast_and_stored()
    {
        var settings = new DeviceSettings();

        var identity = DeviceIdentity.LoadOrCreate(settings, new FixedRandom(), out bool created);

        Assert.True(created);
        Assert.Equal(0x02, identity.Mac[0] & 0x03);
        Assert.Equal(identity.Mac, settings.GetBytes(SettingKeys.DeviceMac));
        Assert.Equal("PROV_A4A5A6", identity.DefaultName);
    }

    [Fact]
    public void A_stored_identity_is_kept()
    {
        var settings = new DeviceSettings();
        settings.SetBytes(SettingKeys.DeviceMac, new byte[] { 2, 1, 2, 3, 4, 5 });

        var identity = DeviceIdentity.LoadOrCreate(settings, new FixedRandom(), out bool created);

        Assert.False(created);
        Assert.Equal("PROV_030405", identity.DefaultName);
    }

    [Fact]
    public void A_mac_must_have_six_bytes()
    {
        Assert.Throws<ArgumentException>(() => new DeviceIdentity(new byte[5]));
    }
}
