namespace Accessory.Phone.Ble;

/// <summary>A discovered characteristic; <see cref="Properties"/> holds the ATT property bits.</summary>
public sealed record RemoteCharacteristic(int DeclarationHandle, int ValueHandle, int Properties, string Uuid, IReadOnlyList<RemoteDescriptor> Descriptors)
{
    public const int Read = 0x02;
    public const int WriteWithoutResponse = 0x04;
    public const int Write = 0x08;
    public const int Notify = 0x10;
    public const int Indicate = 0x20;

    public bool Can(int property) => (Properties & property) == property;

    /// <summary>The property names, e.g. "read write notify".</summary>
    public string PropertyNames
    {
        get
        {
            var names = new List<string>();
            if (Can(Read))
            {
                names.Add("read");
            }

            if (Can(Write))
            {
                names.Add("write");
            }

            if (Can(WriteWithoutResponse))
            {
                names.Add("write-no-resp");
            }

            if (Can(Notify))
            {
                names.Add("notify");
            }

            if (Can(Indicate))
            {
                names.Add("indicate");
            }

            return string.Join(' ', names);
        }
    }
}
