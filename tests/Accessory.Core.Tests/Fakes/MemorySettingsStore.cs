using Accessory.Core.Ports;

namespace Accessory.Core.Tests.Fakes;

/// <summary>An <see cref="ISettingsStore"/> in memory, counting writes so tests can prove nothing was stored.</summary>
public sealed class MemorySettingsStore : ISettingsStore
{
    private readonly object _gate = new();
    private byte[]? _image;

    public MemorySettingsStore(byte[]? image = null)
    {
        _image = image?.ToArray();
    }

    public int WriteCount { get; private set; }

    public List<string> MovedAside { get; } = new();

    public byte[]? Image
    {
        get
        {
            lock (_gate)
            {
                return _image?.ToArray();
            }
        }
    }

    public byte[]? Read() => Image;

    public void Write(byte[] image)
    {
        ArgumentNullException.ThrowIfNull(image);
        lock (_gate)
        {
            _image = image.ToArray();
            WriteCount++;
        }
    }

    public string MoveAside(string reason)
    {
        lock (_gate)
        {
            _image = null;
            MovedAside.Add(reason);
            return "memory://aside/" + MovedAside.Count;
        }
    }
}
