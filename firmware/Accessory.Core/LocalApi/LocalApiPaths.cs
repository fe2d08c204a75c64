namespace Accessory.Core.LocalApi;

/// <summary>
/// The local API's paths and limits. Paths match exactly (no trailing slash, no percent-decoding, case-sensitive);
/// a query string is ignored for routing.
/// </summary>
public static class LocalApiPaths
{
    public const string Info = "/api/v1/info";
    public const string State = "/api/v1/state";

    /// <summary>Followed by a command name: /api/v1/commands/power.</summary>
    public const string CommandsPrefix = "/api/v1/commands/";

    /// <summary>A WebSocket that pushes <see cref="LocalApiEvents.StateMessage"/> on every lamp change.</summary>
    public const string Events = "/api/v1/events";

    /// <summary>Largest request body; the flat JSON codec refuses more anyway, and a small device cannot buffer much.</summary>
    public const int MaxBodyBytes = 4096;

    public const string ProtocolVersion = "1";
}
