namespace Accessory.Simulator.Tls;

/// <summary>A client's TLS handshake failed; the message carries OpenSSL's reason (e.g. "unsupported protocol").</summary>
public sealed class TlsHandshakeException : IOException
{
    public TlsHandshakeException()
    {
    }

    public TlsHandshakeException(string message)
        : base(message)
    {
    }

    public TlsHandshakeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
