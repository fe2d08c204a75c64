using System.Globalization;

namespace Accessory.Simulator.Cli.Bench;

/// <summary>
/// Samples the thread pool (threads, queued work items) and the GC every 50 ms while a bench phase runs, so a slow
/// phase can be told apart as starved (work queued, threads growing) or busy (CPU, GC pauses).
/// </summary>
internal sealed class ThreadPoolSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _gen0 = GC.CollectionCount(0);
    private readonly int _gen2 = GC.CollectionCount(2);
    private readonly TimeSpan _pause = GC.GetTotalPauseDuration();
    private int _maxThreads;
    private long _maxPending;
    private long _pendingSum;
    private int _samples;

    public ThreadPoolSampler()
    {
        _loop = Task.Run(LoopAsync);
    }

    public string Describe()
    {
        int samples = Math.Max(1, Volatile.Read(ref _samples));
        return string.Create(CultureInfo.InvariantCulture,
            $"thread pool: up to {Volatile.Read(ref _maxThreads)} threads, queued work items max {Interlocked.Read(ref _maxPending)} mean {Interlocked.Read(ref _pendingSum) / samples}; GC: {GC.CollectionCount(0) - _gen0} gen0, {GC.CollectionCount(2) - _gen2} gen2, paused {(GC.GetTotalPauseDuration() - _pause).TotalMilliseconds:F0} ms");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            int threads = ThreadPool.ThreadCount;
            long pending = ThreadPool.PendingWorkItemCount;
            if (threads > _maxThreads)
            {
                Volatile.Write(ref _maxThreads, threads);
            }

            if (pending > Interlocked.Read(ref _maxPending))
            {
                Interlocked.Exchange(ref _maxPending, pending);
            }

            Interlocked.Add(ref _pendingSum, pending);
            Interlocked.Increment(ref _samples);
            await Task.Delay(50, _stop.Token).ConfigureAwait(false);
        }
    }
}
