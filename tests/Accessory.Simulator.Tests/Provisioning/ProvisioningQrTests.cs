using System.Text.Json;
using Accessory.Simulator.Provisioning;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Accessory.Simulator.Tests.Provisioning;

public sealed class ProvisioningQrTests
{
    private static string Decode(bool[,] modules)
    {
        const int Scale = 4;
        int size = modules.GetLength(0);
        int pixels = size * Scale;
        var gray = new byte[pixels * pixels];
        for (int y = 0; y < pixels; y++)
        {
            for (int x = 0; x < pixels; x++)
            {
                gray[(y * pixels) + x] = modules[y / Scale, x / Scale] ? (byte)0 : (byte)255;
            }
        }

        var source = new RGBLuminanceSource(gray, pixels, pixels, RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)));
        Assert.NotNull(result);
        return result.Text;
    }

    [Fact]
    public void Security1_payload_has_the_fields_the_phone_apps_read()
    {
        var json = ProvisioningQr.ForSecurity1("PROV_A1B2C3", "abcd1234").ToJson();

        Assert.Equal("{\"ver\":\"v1\",\"name\":\"PROV_A1B2C3\",\"pop\":\"abcd1234\",\"transport\":\"softap\"}", json);
    }

    [Fact]
    public void Security1_without_pop_leaves_pop_out()
    {
        using var doc = JsonDocument.Parse(ProvisioningQr.ForSecurity1("PROV_A1B2C3", null, ProvisioningQr.BleTransport).ToJson());

        Assert.False(doc.RootElement.TryGetProperty("pop", out _));
        Assert.Equal("ble", doc.RootElement.GetProperty("transport").GetString());
    }

    [Fact]
    public void Security2_payload_carries_username_and_password()
    {
        using var doc = JsonDocument.Parse(ProvisioningQr.ForSecurity2("PROV_A1B2C3", "wifiprov", "p\"ass").ToJson());

        Assert.Equal("wifiprov", doc.RootElement.GetProperty("username").GetString());
        Assert.Equal("p\"ass", doc.RootElement.GetProperty("password").GetString());
        Assert.Equal("v1", doc.RootElement.GetProperty("ver").GetString());
    }

    [Fact]
    public void Unknown_transport_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new ProvisioningQr("PROV_A1B2C3", "console"));
    }

    [Fact]
    public void Module_matrix_decodes_back_to_the_payload()
    {
        var qr = ProvisioningQr.ForSecurity1("PROV_A1B2C3", "abcd1234");

        Assert.Equal(qr.ToJson(), Decode(qr.ToModules()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Terminal_text_is_half_blocks_and_decodes_back_to_the_payload(bool darkBackground)
    {
        var qr = ProvisioningQr.ForSecurity2("PROV_Ünïcode", "wifiprov", "abcd1234");

        string text = qr.ToTerminalText(darkBackground);
        var modules = TerminalQrRenderer.Parse(text, darkBackground);

        Assert.All(text.Replace("\n", string.Empty, StringComparison.Ordinal), c => Assert.Contains(c, " \u2580\u2584\u2588"));
        int rows = qr.ToModules().GetLength(0);
        Assert.Equal((rows + 1) / 2, text.TrimEnd('\n').Split('\n').Length);
        Assert.Equal(qr.ToJson(), Decode(Trim(modules, rows)));
    }

    [Fact]
    public void Dark_background_rendering_paints_the_light_quiet_zone()
    {
        string text = ProvisioningQr.ForSecurity1("PROV_A1B2C3", "abcd1234").ToTerminalText();

        Assert.All(text.Split('\n')[0], c => Assert.Equal('\u2588', c));
    }

    private static bool[,] Trim(bool[,] modules, int rows)
    {
        int width = modules.GetLength(1);
        var trimmed = new bool[rows, width];
        for (int y = 0; y < rows; y++)
        {
            for (int x = 0; x < width; x++)
            {
                trimmed[y, x] = modules[y, x];
            }
        }

        return trimmed;
    }
}
