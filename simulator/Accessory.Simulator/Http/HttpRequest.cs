namespace Accessory.Simulator.Http;

/// <summary>One parsed request: just what the provisioning transport looks at.</summary>
internal sealed class HttpRequest
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public required bool KeepAlive { get; init; }

    /// <summary>Null when the request has no Cookie header at all (then the socket identifies the session).</summary>
    public string? Cookie { get; init; }

    public required byte[] Body { get; init; }
}
