using System;

namespace Accessory.Core.Protobuf;

/// <summary>Bytes that are not a well-formed protobuf message; the message names the offset and the problem.</summary>
public sealed class ProtoFormatException : Exception
{
    public ProtoFormatException()
    {
    }

    public ProtoFormatException(string message)
        : base(message)
    {
    }

    public ProtoFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
