using QRCoder;

namespace Accessory.Simulator.Provisioning;

/// <summary>Text to a QR module matrix with QRCoder.</summary>
public static class QrModules
{
    /// <summary>Encodes <paramref name="text"/> as UTF-8 with error correction M; includes the 4-module quiet zone.</summary>
    public static bool[,] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M, forceUtf8: true);
        var rows = data.ModuleMatrix;
        int size = rows.Count;
        var modules = new bool[size, size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                modules[y, x] = rows[y][x];
            }
        }

        return modules;
    }
}
