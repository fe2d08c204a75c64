namespace Accessory.Simulator.Tls;

/// <summary>PEM files for the local API's TLS server, and what a client must trust to accept them.</summary>
public sealed class TlsChainFiles
{
    public TlsChainFiles(string chainPemFile, string keyPemFile, string clientCaPemFile)
    {
        ChainPemFile = chainPemFile;
        KeyPemFile = keyPemFile;
        ClientCaPemFile = clientCaPemFile;
    }

    /// <summary>The leaf first, then whatever intermediates the variant sends.</summary>
    public string ChainPemFile { get; }

    /// <summary>The leaf's private key (PKCS#8, file mode 0600).</summary>
    public string KeyPemFile { get; }

    /// <summary>The certificate a client should trust (for the untrusted-root variant: the real root, which does not help).</summary>
    public string ClientCaPemFile { get; }
}
