namespace Accessory.Core.Nan;

/// <summary>
/// The publisher's answer to a data-path request from <paramref name="peerAddress"/>: an accept or a reject
/// message. Null counts as a reject, so a consent that cannot decide never opens a path.
/// </summary>
public delegate NanDataPathMessage? NanDataPathConsent(byte[] peerAddress, NanDataPathMessage request);
