using QRCoder;

namespace Accessory.Simulator.Dashboard;

/// <summary>The provisioning payload as an SVG QR code (quiet zone included), as the ESP provisioning apps scan it.</summary>
internal static class QrSvg
{
    public static string Render(string payload)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(payload, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8);
    }
}
