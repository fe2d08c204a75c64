namespace Accessory.Core.Nan;

/// <summary>Why an SDF payload was refused. Unknown attributes are not an error: they are skipped.</summary>
public enum NanSdfError
{
    None,

    /// <summary>Shorter than the OUI, OUI type or an attribute header says it must be.</summary>
    Truncated,

    /// <summary>Not the Wi-Fi Alliance OUI 50-6F-9A with OUI type 0x13.</summary>
    NotNanSdf,

    /// <summary>An attribute's length runs past the end of the payload.</summary>
    BadAttributeLength,

    /// <summary>A Service Descriptor Attribute shorter than its fixed part or than its own optional fields.</summary>
    BadServiceDescriptor,

    /// <summary>Service Control type 3, which the specification does not define.</summary>
    UnknownServiceControlType,
}
