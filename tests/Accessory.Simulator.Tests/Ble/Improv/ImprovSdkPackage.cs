namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>
/// The public improv-wifi-serial-sdk, fetched with `npm pack` and unpacked next to the test binaries once. Its runtime
/// dependencies only serve the UI elements; dist/serial.js needs none of them, so nothing is installed.
/// </summary>
internal static class ImprovSdkPackage
{
    public const string Spec = "improv-wifi-serial-sdk@2.8.1";

    private static readonly TimeSpan NpmLimit = TimeSpan.FromMinutes(3);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The unpacked package folder (holding dist/serial.js); throws with the reason when npm cannot get it.</summary>
    public static async Task<string> EnsureAsync()
    {
        string cache = Path.Combine(AppContext.BaseDirectory, "npm-cache", "improv-wifi-serial-sdk-2.8.1");
        string package = Path.Combine(cache, "package");
        await Gate.WaitAsync();
        try
        {
            if (File.Exists(Path.Combine(package, "dist", "serial.js")))
            {
                return package;
            }

            // Unpack beside the cache and move it in whole, so an interrupted run never leaves half a package behind.
            string staging = cache + ".staging-" + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(staging);
            try
            {
                var pack = await Tool.RunAsync("npm", ["pack", Spec, "--pack-destination", staging], staging, NpmLimit);
                string? tarball = Directory.GetFiles(staging, "*.tgz").SingleOrDefault();
                if (pack.ExitCode != 0 || tarball is null)
                {
                    throw new InvalidOperationException(
                        $"npm could not fetch {Spec}; this test needs the npm registry (exit {pack.ExitCode}):\n{pack.Output}");
                }

                var untar = await Tool.RunAsync("tar", ["xzf", tarball, "-C", staging], staging, NpmLimit);
                if (untar.ExitCode != 0)
                {
                    throw new InvalidOperationException($"tar could not unpack {tarball}:\n{untar.Output}");
                }

                Directory.CreateDirectory(cache);
                Directory.Move(Path.Combine(staging, "package"), package);
                return package;
            }
            finally
            {
                Directory.Delete(staging, recursive: true);
            }
        }
        finally
        {
            Gate.Release();
        }
    }
}
