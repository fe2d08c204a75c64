using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>
/// improv-bridge.mjs under Node: the public SDK with a fake serial port. Its stdout lines ("TX hex", "RESULT json")
/// land in <see cref="Lines"/>; <see cref="DeliverAsync"/> feeds serial bytes to the SDK.
/// </summary>
internal sealed class SdkProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly ConcurrentQueue<string> _stderr = new();

    public SdkProcess(string packageDirectory, string ssid, string password)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(packageDirectory);
        start.ArgumentList.Add(ssid);
        start.ArgumentList.Add(password);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
            }
            else
            {
                _lines.Writer.TryWrite(e.Data);
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string Script => Path.Combine(BuildPaths.RepoRoot, "tests", "Accessory.Simulator.Tests", "Ble", "Improv", "improv-bridge.mjs");

    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>The SDK's logging, for failure messages.</summary>
    public string Log => string.Join('\n', _stderr.TakeLast(60));

    /// <summary>Feeds bytes to the SDK; false when it has already exited (its outcome line may still be unread).</summary>
    public async Task<bool> DeliverAsync(byte[] serialBytes)
    {
        try
        {
            await _process.StandardInput.WriteLineAsync("RX " + Convert.ToHexString(serialBytes));
            await _process.StandardInput.FlushAsync();
            return true;
        }
        catch (IOException) when (_process.HasExited || _process.WaitForExit(1000))
        {
            // The script exits as soon as it has its outcome; the device's next notification then finds no reader.
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
