using System.Net;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// A group's local HTTPS API: device k of the group serves the single device's API (the core's router for /api/v1/*
/// and the events WebSocket) on <see cref="HttpsPortBase"/> + k. Holds the group's access token when the file
/// gives one: never print it (<see cref="ToString"/> leaves it out).
/// </summary>
public sealed class FleetLocalApi
{
    public int HttpsPortBase { get; init; }

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// The access token every device of the group starts with (32 lowercase hex digits), or null: each device makes
    /// its own, which only provisioning's api-token endpoint hands out.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>The HTTPS port of the group's device at <paramref name="position"/> (0 for its first device).</summary>
    public int PortOf(int position) => HttpsPortBase + position;

    public override string ToString() => $"https on {BindAddress}:{HttpsPortBase}+";
}
