using System.Runtime.InteropServices;

namespace Accessory.Simulator.Tls;

/// <summary>
/// The libssl/libcrypto 3 calls the TLS server needs. C <c>long</c> and <c>unsigned long</c> are pointer-sized on
/// Linux, hence nint/nuint. Constant values come from OpenSSL 3.0's ssl.h, prov_ssl.h and bio.h.
/// </summary>
internal static partial class LibSsl
{
    public const int SslFiletypePem = 1;
    public const int SslCtrlSetSessCacheMode = 44;
    public const int SslCtrlSetMinProtoVersion = 123;
    public const int SslCtrlSetMaxProtoVersion = 124;
    public const int SslSessCacheOff = 0x0;
    public const int SslSessCacheServer = 0x2;
    public const ulong SslOpNoTicket = 1UL << 14;
    public const ulong SslOpNoRenegotiation = 1UL << 30;
    public const int SslErrorSsl = 1;
    public const int SslErrorWantRead = 2;
    public const int SslErrorWantWrite = 3;
    public const int SslErrorSyscall = 5;
    public const int SslErrorZeroReturn = 6;
    public const int SslMaxSidCtxLength = 32;

    private const string Ssl = "libssl.so.3";
    private const string Crypto = "libcrypto.so.3";

    [LibraryImport(Ssl)]
    public static partial IntPtr TLS_server_method();

    [LibraryImport(Ssl)]
    public static partial SslContextHandle SSL_CTX_new(IntPtr method);

    [LibraryImport(Ssl)]
    public static partial void SSL_CTX_free(IntPtr ctx);

    [LibraryImport(Ssl, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SSL_CTX_use_certificate_chain_file(SslContextHandle ctx, string file);

    [LibraryImport(Ssl, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SSL_CTX_use_PrivateKey_file(SslContextHandle ctx, string file, int type);

    [LibraryImport(Ssl)]
    public static partial int SSL_CTX_check_private_key(SslContextHandle ctx);

    [LibraryImport(Ssl)]
    public static partial nint SSL_CTX_ctrl(SslContextHandle ctx, int cmd, nint larg, IntPtr parg);

    [LibraryImport(Ssl)]
    public static partial ulong SSL_CTX_set_options(SslContextHandle ctx, ulong options);

    [LibraryImport(Ssl)]
    public static partial int SSL_CTX_set_num_tickets(SslContextHandle ctx, nuint count);

    [LibraryImport(Ssl)]
    public static partial int SSL_CTX_set_session_id_context(SslContextHandle ctx, ReadOnlySpan<byte> context, uint length);

    [LibraryImport(Ssl, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SSL_CTX_set_cipher_list(SslContextHandle ctx, string list);

    [LibraryImport(Ssl)]
    public static partial void SSL_CTX_set_security_level(SslContextHandle ctx, int level);

    [LibraryImport(Ssl)]
    public static partial SslHandle SSL_new(SslContextHandle ctx);

    [LibraryImport(Ssl)]
    public static partial void SSL_free(IntPtr ssl);

    [LibraryImport(Ssl)]
    public static partial void SSL_set_bio(SslHandle ssl, IntPtr readBio, IntPtr writeBio);

    [LibraryImport(Ssl)]
    public static partial void SSL_set_accept_state(SslHandle ssl);

    [LibraryImport(Ssl)]
    public static partial int SSL_do_handshake(SslHandle ssl);

    [LibraryImport(Ssl)]
    public static partial int SSL_get_error(SslHandle ssl, int result);

    [LibraryImport(Ssl)]
    public static partial int SSL_read(SslHandle ssl, Span<byte> buffer, int count);

    [LibraryImport(Ssl)]
    public static partial int SSL_write(SslHandle ssl, ReadOnlySpan<byte> buffer, int count);

    [LibraryImport(Ssl)]
    public static partial int SSL_shutdown(SslHandle ssl);

    [LibraryImport(Ssl)]
    public static partial IntPtr SSL_get_version(SslHandle ssl);

    [LibraryImport(Ssl)]
    public static partial int SSL_session_reused(SslHandle ssl);

    [LibraryImport(Crypto)]
    public static partial IntPtr BIO_s_mem();

    [LibraryImport(Crypto)]
    public static partial IntPtr BIO_new(IntPtr method);

    [LibraryImport(Crypto)]
    public static partial int BIO_free(IntPtr bio);

    [LibraryImport(Crypto)]
    public static partial int BIO_read(IntPtr bio, Span<byte> buffer, int count);

    [LibraryImport(Crypto)]
    public static partial int BIO_write(IntPtr bio, ReadOnlySpan<byte> buffer, int count);

    [LibraryImport(Crypto)]
    public static partial nuint BIO_ctrl_pending(IntPtr bio);

    [LibraryImport(Crypto)]
    public static partial nuint ERR_get_error();

    [LibraryImport(Crypto)]
    public static partial void ERR_error_string_n(nuint error, Span<byte> buffer, nuint length);

    [LibraryImport(Crypto)]
    public static partial void ERR_clear_error();
}
