using System.Runtime.InteropServices;

namespace Accessory.Simulator.Tls;

/// <summary>An SSL_CTX, freed once. OpenSSL reference-counts it, so connections made from it outlive its disposal.</summary>
internal sealed class SslContextHandle : SafeHandle
{
    public SslContextHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibSsl.SSL_CTX_free(handle);
        return true;
    }
}
