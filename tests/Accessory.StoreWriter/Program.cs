using System.Globalization;
using Accessory.Core.Ports;
using Accessory.Core.Settings;
using Accessory.Simulator.Settings;

// Usage: Accessory.StoreWriter <data-dir> [max-writes]
// Each image holds one generation number in three places (integer, string, 4 KiB payload), so a torn or mixed
// image cannot pass as valid. "committed N" is printed only after Write returned.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Accessory.StoreWriter <data-dir> [max-writes]");
    return 2;
}

int maxWrites = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
var repository = new SettingsRepository(new FileSettingsStore(args[0]), new StderrLog());
var settings = repository.Load();
int generation = settings.GetInt32("test.generation", 0);
var stdout = Console.Out;
for (int i = 0; i < maxWrites; i++)
{
    generation++;
    settings.SetInt32("test.generation", generation);
    settings.SetString("test.check", "gen-" + generation.ToString(CultureInfo.InvariantCulture));
    var payload = new byte[4096];
    Array.Fill(payload, (byte)generation);
    settings.SetBytes("test.payload", payload);
    repository.Save(settings);
    stdout.WriteLine("committed " + generation.ToString(CultureInfo.InvariantCulture));
    stdout.Flush();
}

return 0;

internal sealed class StderrLog : ILog
{
    public bool IsEnabled(LogLevel level) => true;

    public void Write(LogLevel level, string component, string message) => Console.Error.WriteLine($"{level} {component}: {message}");
}
