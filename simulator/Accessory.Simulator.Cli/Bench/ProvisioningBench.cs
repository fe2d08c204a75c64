using System.Diagnostics;
using System.Runtime.InteropServices;
using Accessory.Phone;
using Accessory.Phone.Protos;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// `accessory-sim bench provisioning`: complete provisioning flows and bare security sessions over loopback HTTP,
/// per security level, with the independent phone client (Accessory.Phone). Bounded by count; reports rates and
/// p50/p99 latencies.
/// </summary>
internal sealed class ProvisioningBench
{
    private static readonly byte[] Ssid = "HomeNetwork"u8.ToArray();
    private static readonly byte[] Passphrase = "correct horse battery"u8.ToArray();
    private readonly TextWriter _out;
    private readonly RadioEnvironment _environment = RadioEnvironment.LoadDefault();
    private readonly string _root = Path.Combine(Path.GetTempPath(), "accessory-bench-" + Guid.NewGuid().ToString("N"));
    private int _deviceCounter;

    public ProvisioningBench(TextWriter output)
    {
        _out = output;
    }

    public int Run(IReadOnlyList<int> levels, int flows, int sessions, int workers, CancellationToken cancel)
    {
        _out.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; SRP arithmetic: {(OpenSslModPow.IsAvailable ? "OpenSSL BIGNUM" : "managed BigInteger")}");
        _out.WriteLine($"workload: {sessions} sessions and {flows} complete flows per level, {workers} concurrent phones, loopback HTTP, radio join 1-2 ms, no apply delay");
        int failures = 0;
        try
        {
            foreach (int level in levels)
            {
                cancel.ThrowIfCancellationRequested();
                _out.WriteLine(DeviceHandshakeCost.Measure(level, Math.Min(sessions, 500)));
                failures += MeasureSessions(level, sessions, workers, cancel);
                failures += MeasureFlows(level, flows, workers, cancel);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }

        _out.WriteLine(failures == 0 ? "all flows and sessions succeeded" : $"{failures} flows or sessions FAILED");
        return failures == 0 ? 0 : 1;
    }

    // A device serves one session at a time (as ESP-IDF does), so each phone gets its own device and keeps its
    // connection: every handshake starts a new session on it (Command0 restarts the session, as on the device).
    private int MeasureSessions(int level, int count, int workers, CancellationToken cancel)
    {
        var devices = Enumerable.Range(0, workers).Select(_ => NewDevice(level)).ToList();
        var phones = devices.Select(d => new ProvisioningHttpClient(new Uri($"http://{d.Provisioning!.EndPoint}/"))).ToList();
        try
        {
            phones.ForEach(p => p.ProtoVersion());
            var sample = new LatencySample();
            int failures = 0;
            var wall = Parallel(workers, count, (worker, _) =>
            {
                var watch = Stopwatch.StartNew();
                try
                {
                    phones[worker].Establish(BenchDevice.Client(level));
                    sample.Add(watch.Elapsed);
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
                {
                    Interlocked.Increment(ref failures);
                }
            }, cancel);
            _out.WriteLine(sample.Summary($"sec{level} sessions (handshake on a kept-alive connection)", wall));
            return failures;
        }
        finally
        {
            phones.ForEach(p => p.Dispose());
            devices.ForEach(d => d.Dispose());
        }
    }

    // A provisioned device stops provisioning, so every flow gets a fresh device, started outside the timing.
    private int MeasureFlows(int level, int count, int workers, CancellationToken cancel)
    {
        var sample = new LatencySample();
        int failures = 0;
        var wall = Parallel(workers, count, (_, _) =>
        {
            using var device = NewDevice(level);
            using var phone = new ProvisioningHttpClient(new Uri($"http://{device.Provisioning!.EndPoint}/"));
            var watch = Stopwatch.StartNew();
            try
            {
                phone.ProtoVersion();
                phone.Establish(BenchDevice.Client(level));
                phone.SetConfig(Ssid, Passphrase);
                phone.ApplyConfig();
                var outcome = phone.WaitForOutcome(TimeSpan.FromSeconds(10));
                if (outcome.StaState == WifiStationState.Connected)
                {
                    sample.Add(watch.Elapsed);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
            {
                Interlocked.Increment(ref failures);
            }
        }, cancel);
        _out.WriteLine(sample.Summary($"sec{level} complete flows (proto-ver, handshake, set, apply, status until Connected)", wall));
        return failures;
    }

    private SimulatedDevice NewDevice(int level)
    {
        string folder = Path.Combine(_root, "device-" + Interlocked.Increment(ref _deviceCounter));
        return BenchDevice.StartAsync(folder, level, _environment).GetAwaiter().GetResult();
    }

    private TimeSpan Parallel(int workers, int count, Action<int, int> work, CancellationToken cancel)
    {
        int next = -1;
        int done = 0;
        var watch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, workers).Select(worker => new Thread(() =>
        {
            int item;
            while (!cancel.IsCancellationRequested && (item = Interlocked.Increment(ref next)) < count)
            {
                work(worker, item);
                int finished = Interlocked.Increment(ref done);
                if (finished % Math.Max(1, count / 4) == 0 && finished < count)
                {
                    _out.WriteLine($"  ... {finished}/{count}");
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return watch.Elapsed;
    }
}
