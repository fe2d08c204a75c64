namespace Accessory.Simulator.Tls;

/// <summary>Which certificate chain the local API serves (fault <c>tls.chain</c>); names in <see cref="TlsChainVariantNames"/>.</summary>
public enum TlsChainVariant
{
    /// <summary>The device's own self-signed certificate, as a factory-fresh accessory has.</summary>
    SelfSigned = 0,

    /// <summary>Leaf + intermediate from the simulator test root: verifies for a client that trusts the root.</summary>
    Valid = 1,

    /// <summary>The leaf alone: the client cannot link it to the root.</summary>
    MissingIntermediate = 2,

    /// <summary>A valid chain whose leaf expired yesterday.</summary>
    Expired = 3,

    /// <summary>A valid chain whose leaf names only wrong-host.invalid.</summary>
    WrongHostname = 4,

    /// <summary>A complete chain from a second root the client does not trust.</summary>
    UntrustedRoot = 5,
}
