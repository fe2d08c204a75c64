using System.Text;

namespace Accessory.Simulator.Tls;

/// <summary>
/// One OpenSSL SSL_CTX built from <see cref="TlsServerSettings"/>. Connections accepted with the same context share
/// its session cache, which is what lets a second connection resume the first one's session. OpenSSL locks the
/// context internally, so many connections may be created from it concurrently.
/// </summary>
public sealed class TlsServerContext : IDisposable
{
    // Sessions are only resumed by contexts presenting the same id context; any fixed value works for one simulator.
    /// <summary>The TLS 1.2 suites offered when the minimum version is 1.2: ECDHE with AES-GCM or ChaCha20-Poly1305.</summary>
    public const string Tls12AeadSuites =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:" +
        "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

    private static readonly byte[] SessionIdContext = Encoding.ASCII.GetBytes("accessory-simulator-tls");

    private readonly SslContextHandle _context;

    public TlsServerContext(TlsServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        CheckVersionRange(settings);
        RequireFile(settings.ChainPemFile, "certificate chain");
        RequireFile(settings.KeyPemFile, "private key");

        OpenSslErrors.Clear();
        _context = LibSsl.SSL_CTX_new(LibSsl.TLS_server_method());
        if (_context.IsInvalid)
        {
            _context.Dispose();
            throw new TlsSetupException("SSL_CTX_new failed: " + OpenSslErrors.Take());
        }

        try
        {
            Configure(settings);
        }
        catch
        {
            _context.Dispose();
            throw;
        }
    }

    public TlsServerSettings Settings { get; }

    public void Dispose() => _context.Dispose();

    internal TlsEngine CreateEngine()
    {
        ObjectDisposedException.ThrowIf(_context.IsClosed, this);
        return new TlsEngine(_context);
    }

    private static void CheckVersionRange(TlsServerSettings settings)
    {
        if (!Enum.IsDefined(settings.MinVersion) || !Enum.IsDefined(settings.MaxVersion))
        {
            throw new TlsSetupException($"unknown TLS version in range {settings.MinVersion}..{settings.MaxVersion}");
        }

        if (settings.MinVersion > settings.MaxVersion)
        {
            throw new TlsSetupException($"TLS minimum version {settings.MinVersion} is above the maximum {settings.MaxVersion}");
        }
    }

    private static void RequireFile(string path, string what)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new TlsSetupException($"{what} file not found: '{path}'");
        }
    }

    private static int WireVersion(TlsProtocolVersion version) => version switch
    {
        TlsProtocolVersion.Tls10 => 0x0301,
        TlsProtocolVersion.Tls11 => 0x0302,
        TlsProtocolVersion.Tls12 => 0x0303,
        _ => 0x0304,
    };

    private void Configure(TlsServerSettings settings)
    {
        Check(
            LibSsl.SSL_CTX_use_certificate_chain_file(_context, settings.ChainPemFile),
            $"cannot load certificate chain '{settings.ChainPemFile}'");
        Check(
            LibSsl.SSL_CTX_use_PrivateKey_file(_context, settings.KeyPemFile, LibSsl.SslFiletypePem),
            $"cannot load private key '{settings.KeyPemFile}' or it does not match the certificate in '{settings.ChainPemFile}'");
        Check(
            LibSsl.SSL_CTX_check_private_key(_context),
            $"private key '{settings.KeyPemFile}' does not match the certificate in '{settings.ChainPemFile}'");

        if (settings.MinVersion < TlsProtocolVersion.Tls12)
        {
            // Only when the user asked for TLS 1.0/1.1: OpenSSL 3 refuses them at security level 1 and above.
            LibSsl.SSL_CTX_set_security_level(_context, 0);
        }

        else
        {
            // TLS 1.2 offers forward-secret AEAD suites only (no CBC/SHA-1, no static RSA); TLS 1.3 suites all are.
            Check(LibSsl.SSL_CTX_set_cipher_list(_context, Tls12AeadSuites), "cannot restrict the TLS 1.2 cipher suites");
        }

        CheckCtrl(LibSsl.SslCtrlSetMinProtoVersion, WireVersion(settings.MinVersion), $"cannot set minimum TLS version {settings.MinVersion}");
        CheckCtrl(LibSsl.SslCtrlSetMaxProtoVersion, WireVersion(settings.MaxVersion), $"cannot set maximum TLS version {settings.MaxVersion}");

        // Renegotiation would let SSL_write need to read, which the one-reader/one-writer design does not allow.
        var options = LibSsl.SslOpNoRenegotiation;
        var tickets = settings.SessionTickets && settings.Resumption;
        if (!tickets)
        {
            // SSL_OP_NO_TICKET stops TLS 1.2 tickets; TLS 1.3 sends tickets unless their count is zero.
            options |= LibSsl.SslOpNoTicket;
            Check(LibSsl.SSL_CTX_set_num_tickets(_context, 0), "cannot turn TLS 1.3 session tickets off");
        }

        LibSsl.SSL_CTX_set_options(_context, options);

        var cacheMode = settings.Resumption ? LibSsl.SslSessCacheServer : LibSsl.SslSessCacheOff;
        LibSsl.SSL_CTX_ctrl(_context, LibSsl.SslCtrlSetSessCacheMode, cacheMode, IntPtr.Zero);
        Check(
            LibSsl.SSL_CTX_set_session_id_context(_context, SessionIdContext, (uint)SessionIdContext.Length),
            "cannot set the session id context");
    }

    private void CheckCtrl(int command, int value, string what)
    {
        OpenSslErrors.Clear();
        if (LibSsl.SSL_CTX_ctrl(_context, command, value, IntPtr.Zero) != 1)
        {
            throw new TlsSetupException(what + ": " + OpenSslErrors.Take());
        }
    }

    private static void Check(int result, string what)
    {
        if (result != 1)
        {
            throw new TlsSetupException(what + ": " + OpenSslErrors.Take());
        }
    }
}
