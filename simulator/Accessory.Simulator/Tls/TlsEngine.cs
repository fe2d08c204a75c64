using System.Runtime.InteropServices;

namespace Accessory.Simulator.Tls;

/// <summary>
/// One server-side SSL object between two memory BIOs: ciphertext from the socket goes in, ciphertext for the socket
/// comes out, and no OpenSSL call ever touches the network. Every call is under one lock because an SSL object is not
/// thread-safe, while the stream above reads and writes from different threads. The lock is never held across I/O.
/// </summary>
internal sealed class TlsEngine : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SslHandle _ssl;

    // Owned by _ssl after SSL_set_bio; only touched under _gate while _ssl is alive.
    private readonly IntPtr _incoming;
    private readonly IntPtr _outgoing;
    private bool _disposed;
    private bool _shutdownSent;

    public TlsEngine(SslContextHandle context)
    {
        OpenSslErrors.Clear();
        _ssl = LibSsl.SSL_new(context);
        if (_ssl.IsInvalid)
        {
            _ssl.Dispose();
            throw new TlsSetupException("SSL_new failed: " + OpenSslErrors.Take());
        }

        _incoming = LibSsl.BIO_new(LibSsl.BIO_s_mem());
        _outgoing = LibSsl.BIO_new(LibSsl.BIO_s_mem());
        if (_incoming == IntPtr.Zero || _outgoing == IntPtr.Zero)
        {
            FreeBio(_incoming);
            FreeBio(_outgoing);
            _ssl.Dispose();
            throw new TlsSetupException("BIO_new failed: " + OpenSslErrors.Take());
        }

        LibSsl.SSL_set_bio(_ssl, _incoming, _outgoing);
        LibSsl.SSL_set_accept_state(_ssl);
    }

    public TlsStep Handshake()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            OpenSslErrors.Clear();
            var result = LibSsl.SSL_do_handshake(_ssl);
            return result == 1 ? new TlsStep(TlsStepKind.Done) : Classify(result);
        }
    }

    public TlsStep Read(Span<byte> plaintext)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            OpenSslErrors.Clear();
            var result = LibSsl.SSL_read(_ssl, plaintext, plaintext.Length);
            return result > 0 ? new TlsStep(TlsStepKind.Done, result) : Classify(result);
        }
    }

    /// <summary>Encrypts all of <paramref name="plaintext"/> into the outgoing BIO (which grows, so it never blocks).</summary>
    public TlsStep Write(ReadOnlySpan<byte> plaintext)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            OpenSslErrors.Clear();
            var result = LibSsl.SSL_write(_ssl, plaintext, plaintext.Length);
            return result == plaintext.Length ? new TlsStep(TlsStepKind.Done, result) : Classify(result);
        }
    }

    /// <summary>Queues close_notify once; the peer's reply is not awaited (the socket side decides how long to linger).</summary>
    public void SendCloseNotify()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (_shutdownSent)
            {
                return;
            }

            _shutdownSent = true;
            OpenSslErrors.Clear();
            if (LibSsl.SSL_shutdown(_ssl) < 0)
            {
                throw new IOException("TLS close_notify failed: " + OpenSslErrors.Take());
            }
        }
    }

    public void Feed(ReadOnlySpan<byte> ciphertext)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (LibSsl.BIO_write(_incoming, ciphertext, ciphertext.Length) != ciphertext.Length)
            {
                throw new IOException("cannot buffer received TLS bytes: " + OpenSslErrors.Take());
            }
        }
    }

    /// <summary>Moves up to <paramref name="into"/>.Length bytes of pending ciphertext out; 0 when none is pending.</summary>
    public int TakeOutgoing(Span<byte> into)
    {
        lock (_gate)
        {
            if (_disposed || LibSsl.BIO_ctrl_pending(_outgoing) == 0)
            {
                return 0;
            }

            var count = LibSsl.BIO_read(_outgoing, into, into.Length);
            return Math.Max(count, 0);
        }
    }

    public string Protocol
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return Marshal.PtrToStringUTF8(LibSsl.SSL_get_version(_ssl)) ?? "unknown";
            }
        }
    }

    public bool SessionReused
    {
        get
        {
            lock (_gate)
            {
                ThrowIfDisposed();
                return LibSsl.SSL_session_reused(_ssl) == 1;
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _ssl.Dispose();
        }
    }

    private static void FreeBio(IntPtr bio)
    {
        if (bio != IntPtr.Zero)
        {
            _ = LibSsl.BIO_free(bio); // Only reached when setup already failed; nothing more to report.
        }
    }

    private TlsStep Classify(int result)
    {
        var error = LibSsl.SSL_get_error(_ssl, result);
        return error switch
        {
            LibSsl.SslErrorWantRead => new TlsStep(TlsStepKind.NeedsInput),
            LibSsl.SslErrorZeroReturn => new TlsStep(TlsStepKind.PeerClosed),
            _ => new TlsStep(TlsStepKind.Failed, Reason: $"SSL error {error}: {OpenSslErrors.Take()}"),
        };
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
