using System.Collections.Concurrent;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// One compact store for a whole fleet: each device's settings image (the core's own codec, a few hundred bytes)
/// in one dictionary instead of a folder and a file per device, which at 10,000 devices would be 10,000 fsyncs at
/// start. Images live as long as the process; a fleet is re-created from its ids, not restored.
/// </summary>
public sealed class FleetSettingsStore
{
    private readonly ConcurrentDictionary<int, byte[]> _images = new();
    private readonly ConcurrentDictionary<int, string> _setAside = new();

    /// <summary>Bytes held across all devices (for sizing: settings per device).</summary>
    public long Bytes => _images.Values.Sum(i => (long)i.Length);

    /// <summary>The store of one device, as the core sees it.</summary>
    public ISettingsStore Slot(int index) => new DeviceSlot(this, index);

    private sealed class DeviceSlot(FleetSettingsStore owner, int index) : ISettingsStore
    {
        public byte[]? Read() => owner._images.TryGetValue(index, out var image) ? (byte[])image.Clone() : null;

        public void Write(byte[] image)
        {
            ArgumentNullException.ThrowIfNull(image);
            owner._images[index] = (byte[])image.Clone();
        }

        public string MoveAside(string reason)
        {
            if (owner._images.TryRemove(index, out var image))
            {
                owner._setAside[index] = reason + " (" + image.Length + " bytes)";
            }

            return "fleet slot " + index + " (set aside in memory)";
        }
    }
}
