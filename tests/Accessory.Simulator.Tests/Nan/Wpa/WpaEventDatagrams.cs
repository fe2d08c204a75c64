using System.Collections.Concurrent;

namespace Accessory.Simulator.Tests.Nan.Wpa;

/// <summary>Collects the event datagrams a <see cref="Accessory.Simulator.Nan.Wpa.WpaControlClient"/> raises on its receive thread.</summary>
internal sealed class WpaEventDatagrams : IDisposable
{
    private readonly BlockingCollection<string> _items = new();

    public void Add(string item) => _items.Add(item);

    /// <summary>The next event in arrival order; null when none came in time.</summary>
    public string? Take(TimeSpan timeout) => _items.TryTake(out string? item, timeout) ? item : null;

    public void Dispose() => _items.Dispose();
}
