using Accessory.Core.Settings;

namespace Accessory.Core.Tests.Settings;

public class SettingsCodecTests
{
    private static DeviceSettings Sample()
    {
        var s = new DeviceSettings();
        s.SetBytes(SettingKeys.DeviceMac, new byte[] { 2, 0xAB, 0xCD, 0xA1, 0xB2, 0xC3 });
        s.SetBytes(SettingKeys.WifiSsid, new byte[] { 0xFF, 0xFE, (byte)'x' });
        s.SetString(SettingKeys.WifiPassphrase, "correct horse ✓");
        s.SetInt32("net.channel", -11);
        s.SetBoolean(SettingKeys.FlagProvisioned, true);
        return s;
    }

    [Fact]
    public void Every_kind_round_trips_through_the_image()
    {
        var decoded = SettingsCodec.Decode(SettingsCodec.Encode(Sample()));

        Assert.Equal(5, decoded.Count);
        Assert.Equal(new byte[] { 2, 0xAB, 0xCD, 0xA1, 0xB2, 0xC3 }, decoded.GetBytes(SettingKeys.DeviceMac));
        Assert.Equal(new byte[] { 0xFF, 0xFE, (byte)'x' }, decoded.GetBytes(SettingKeys.WifiSsid));
        Assert.Equal("correct horse ✓", decoded.GetString(SettingKeys.WifiPassphrase));
        Assert.Equal(-11, decoded.GetInt32("net.channel", 0));
        Assert.True(decoded.GetBoolean(SettingKeys.FlagProvisioned, false));
    }

    [Fact]
    public void Empty_settings_round_trip()
    {
        Assert.Equal(0, SettingsCodec.Decode(SettingsCodec.Encode(new DeviceSettings())).Count);
    }

    [Fact]
    public void Every_truncation_is_reported_as_truncated()
    {
        var image = SettingsCodec.Encode(Sample());
        for (int length = 0; length < image.Length; length++)
        {
            var error = Assert.Throws<SettingsFormatException>(() => SettingsCodec.Decode(image[..length]));
            Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_single_bit_flip_is_detected()
    {
        var image = SettingsCodec.Encode(Sample());
        for (int bit = 0; bit < image.Length * 8; bit++)
        {
            var damaged = (byte[])image.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<SettingsFormatException>(() => SettingsCodec.Decode(damaged));
        }
    }

    [Fact]
    public void A_newer_format_version_is_named_in_the_error()
    {
        var image = SettingsCodec.Encode(Sample());
        image[4] = 9;

        var error = Assert.Throws<SettingsFormatException>(() => SettingsCodec.Decode(image));

        Assert.Equal("settings format version 9 is not supported (expected 1)", error.Message);
    }

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_a_format_error()
    {
        var random = new Random(1234);
        var valid = SettingsCodec.Encode(Sample());
        for (int i = 0; i < 20_000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 80)];
                random.NextBytes(input);
            }
            else
            {
                // Mutations of a valid image with a recomputed checksum reach the entry parser.
                input = (byte[])valid.Clone();
                input[random.Next(11, input.Length - 4)] = (byte)random.Next(256);
                uint crc = Crc32.Compute(input, 0, input.Length - 4);
                BitConverter.GetBytes(crc).CopyTo(input, input.Length - 4);
            }

            try
            {
                SettingsCodec.Decode(input);
            }
            catch (SettingsFormatException)
            {
            }
        }
    }

    [Fact]
    public void Crc32_matches_the_zlib_check_value()
    {
        var data = "123456789"u8.ToArray();
        Assert.Equal(0xCBF43926u, Crc32.Compute(data, 0, data.Length));
    }

    [Fact]
    public void Reading_a_key_as_the_wrong_kind_says_what_it_holds()
    {
        var s = Sample();
        var error = Assert.Throws<InvalidOperationException>(() => s.GetString(SettingKeys.DeviceMac));
        Assert.Equal("setting 'device.mac' holds bytes, not a string", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("slash/key")]
    public void Bad_keys_are_refused_with_the_reason(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => new DeviceSettings().SetString(key, "v"));
        Assert.Contains("key", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_values_are_refused_not_truncated()
    {
        var error = Assert.Throws<ArgumentException>(() => new DeviceSettings().SetBytes("big", new byte[SettingsCodec.MaxValueLength + 1]));
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Display_redacts_secrets_and_shows_the_rest()
    {
        var s = Sample();
        var shown = Enumerable.Range(0, s.Count).ToDictionary(i => s[i].Key, i => SettingsDisplay.Format(s[i]));

        Assert.Equal(SettingsDisplay.Redacted, shown[SettingKeys.WifiPassphrase]);
        Assert.Equal("0x02ABCDA1B2C3 (6 bytes)", shown[SettingKeys.DeviceMac]);
        Assert.Equal("-11", shown["net.channel"]);
        Assert.Equal("true", shown[SettingKeys.FlagProvisioned]);
        Assert.DoesNotContain(shown.Values, v => v.Contains("horse", StringComparison.Ordinal));
    }
}
