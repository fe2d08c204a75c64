namespace Accessory.Core.Nan;

/// <summary>The outcome of <see cref="NanSdfCodec.Decode"/>: the descriptors, or why there are none.</summary>
public sealed class NanSdfDecodeResult
{
    private static readonly NanServiceDescriptor[] NoDescriptors = new NanServiceDescriptor[0];

    internal NanSdfDecodeResult(NanSdfError error, NanServiceDescriptor[]? descriptors, int skippedAttributes)
    {
        Error = error;
        Descriptors = descriptors ?? NoDescriptors;
        SkippedAttributes = skippedAttributes;
    }

    public NanSdfError Error { get; }

    public bool Ok => Error == NanSdfError.None;

    /// <summary>Every Service Descriptor Attribute, in frame order; empty on error.</summary>
    public NanServiceDescriptor[] Descriptors { get; }

    /// <summary>Attributes other than 0x03 (cluster, SDEA, vendor-specific...) the model does not interpret.</summary>
    public int SkippedAttributes { get; }
}
