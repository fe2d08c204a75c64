namespace Accessory.Simulator.Tls;

/// <summary>A TLS server context could not be built from its settings (missing file, key mismatch, bad version range).</summary>
public sealed class TlsSetupException : Exception
{
    public TlsSetupException()
    {
    }

    public TlsSetupException(string message)
        : base(message)
    {
    }

    public TlsSetupException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
