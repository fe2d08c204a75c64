using System;

namespace Accessory.Core.Cloud.Json;

/// <summary>Bytes that are not a JSON object this codec accepts; the message names the offset and the problem.</summary>
public sealed class JsonFormatException : Exception
{
    public JsonFormatException()
    {
    }

    public JsonFormatException(string message)
        : base(message)
    {
    }

    public JsonFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
