namespace Accessory.Simulator.Tests.Tls;

/// <summary>What the test server saw of one connection, recorded when its handler finished.</summary>
internal sealed record ServedConnection(string Protocol, bool SessionReused, bool PeerSentCloseNotify, Exception? Failure);
