namespace Accessory.Core.LocalApi;

/// <summary>One local API answer as bytes; the HTTP server turns it into a status line, headers and a body.</summary>
public sealed class LocalApiResponse
{
    public const string JsonContentType = "application/json";

    public LocalApiResponse(int status, byte[] body, string? allow)
    {
        Status = status;
        Body = body ?? new byte[0];
        Allow = allow;
        ContentType = JsonContentType;
    }

    public int Status { get; }

    public string ContentType { get; }

    public byte[] Body { get; }

    /// <summary>The value of the Allow header on a 405 ("GET", "GET, PUT", "POST"); null otherwise.</summary>
    public string? Allow { get; }
}
