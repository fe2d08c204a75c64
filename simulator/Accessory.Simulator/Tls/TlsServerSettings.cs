namespace Accessory.Simulator.Tls;

/// <summary>
/// What a TLS server presents and which session features it allows. Resumption=false wins over SessionTickets=true:
/// nothing resumes, so no tickets are issued either. TLS 1.3 resumes only through tickets, so with SessionTickets=false
/// only TLS 1.2 (session IDs) can resume. Asking for TLS 1.0 or 1.1 lowers OpenSSL's security level to 0 for this
/// context, because OpenSSL 3 refuses those versions (their MD5/SHA-1 handshake signatures) at level 1 and above.
/// </summary>
public sealed record TlsServerSettings
{
    /// <summary>PEM file holding the leaf certificate first, then any intermediates.</summary>
    public required string ChainPemFile { get; init; }

    /// <summary>PEM file holding the leaf's private key.</summary>
    public required string KeyPemFile { get; init; }

    public TlsProtocolVersion MinVersion { get; init; } = TlsProtocolVersion.Tls12;

    public TlsProtocolVersion MaxVersion { get; init; } = TlsProtocolVersion.Tls13;

    public bool SessionTickets { get; init; } = true;

    public bool Resumption { get; init; } = true;
}
