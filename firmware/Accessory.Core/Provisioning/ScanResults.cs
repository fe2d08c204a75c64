using System;
using System.Threading;
using Accessory.Core.Ports;
using Accessory.Core.Wifi;

namespace Accessory.Core.Provisioning;

/// <summary>
/// The scan side of provisioning: runs radio scans and keeps the strongest <see cref="MaxResults"/> access points,
/// strongest first, as ESP-IDF does (more would not fit the phone's paging and BLE packets).
/// </summary>
public sealed class ScanResults : IDisposable
{
    public const int MaxResults = 16;

    private readonly IWifiRadio _radio;
    private readonly object _gate = new object();
    private readonly ManualResetEvent _done = new ManualResetEvent(false);
    private WifiAccessPoint[] _results = new WifiAccessPoint[0];
    private bool _scanning;
    private bool _finished;
    private int _generation;

    public ScanResults(IWifiRadio radio)
    {
        _radio = radio;
    }

    public bool Scanning
    {
        get
        {
            lock (_gate)
            {
                return _scanning;
            }
        }
    }

    public bool Finished
    {
        get
        {
            lock (_gate)
            {
                return _finished;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _results.Length;
            }
        }
    }

    /// <summary>Starts a scan; a request while one is running joins it instead of starting another.</summary>
    public void Start()
    {
        int generation;
        lock (_gate)
        {
            if (_scanning)
            {
                return;
            }

            _scanning = true;
            _finished = false;
            _results = new WifiAccessPoint[0];
            _done.Reset();
            generation = ++_generation;
        }

        _radio.StartScan(found => Complete(generation, found));
    }

    /// <summary>Waits (real time) for the running scan; true when it finished within <paramref name="timeoutMilliseconds"/>.</summary>
    public bool WaitForCompletion(int timeoutMilliseconds)
    {
        lock (_gate)
        {
            if (!_scanning)
            {
                return _finished;
            }
        }

        return _done.WaitOne(timeoutMilliseconds, false);
    }

    /// <summary>Results [start, start+count), or null when that range goes beyond the kept results.</summary>
    public WifiAccessPoint[]? Page(uint start, uint count)
    {
        lock (_gate)
        {
            if ((ulong)start + count > (ulong)_results.Length)
            {
                return null;
            }

            var page = new WifiAccessPoint[(int)count];
            Array.Copy(_results, (int)start, page, 0, (int)count);
            return page;
        }
    }

    public void Dispose()
    {
#if !NANOFRAMEWORK_1_0
        // nanoFramework's wait handles hold no OS handle and are not disposable; .NET's are.
        _done.Dispose();
#endif
    }

    private void Complete(int generation, WifiAccessPoint[] found)
    {
        var kept = Strongest(found == null ? new WifiAccessPoint[0] : found);
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }

            _results = kept;
            _scanning = false;
            _finished = true;
        }

        _done.Set();
    }

    // Insertion sort into a bounded array: at most 16 kept, so this is cheaper than sorting everything.
    private static WifiAccessPoint[] Strongest(WifiAccessPoint[] found)
    {
        var best = new WifiAccessPoint[MaxResults];
        int n = 0;
        for (int i = 0; i < found.Length; i++)
        {
            var ap = found[i];
            if (ap == null)
            {
                continue;
            }

            int at = n;
            while (at > 0 && best[at - 1].Rssi < ap.Rssi)
            {
                at--;
            }

            if (at >= MaxResults)
            {
                continue;
            }

            int last = n < MaxResults ? n : MaxResults - 1;
            for (int k = last; k > at; k--)
            {
                best[k] = best[k - 1];
            }

            best[at] = ap;
            if (n < MaxResults)
            {
                n++;
            }
        }

        var result = new WifiAccessPoint[n];
        Array.Copy(best, result, n);
        return result;
    }
}
