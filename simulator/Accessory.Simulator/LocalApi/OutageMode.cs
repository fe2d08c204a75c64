namespace Accessory.Simulator.LocalApi;

/// <summary>How the local API is unreachable during an outage window (fault server.outage) or while offline.</summary>
public enum OutageMode
{
    /// <summary>Serving normally.</summary>
    None,

    /// <summary>Listeners closed: connection attempts are refused; open connections end without close_notify.</summary>
    Refuse,

    /// <summary>Connections are accepted and requests read, but nothing is ever answered until the window ends.</summary>
    Blackhole,

    /// <summary>Every connection, new or open, is reset (TCP RST).</summary>
    Reset,
}
