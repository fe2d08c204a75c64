namespace Accessory.Core.Http;

/// <summary>
/// What a connection becomes after a 101 answer (the local API's event WebSocket). A blocking body (the board: one
/// thread per connection) hands it the connection's stream and returns when it ends; the simulator drives the same
/// protocol pieces asynchronously instead.
/// </summary>
public interface IConnectionUpgrade
{
    /// <summary>How long the peer may stay silent before a blocking body's read times out and ends the connection.</summary>
    int IdleTimeoutMilliseconds { get; }

    /// <summary>Serves the upgraded connection until it ends; never throws for a peer's misbehaviour.</summary>
    void Run(IByteChannel stream);
}
