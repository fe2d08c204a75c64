using System.Runtime.InteropServices;

namespace Accessory.Simulator.Tls;

/// <summary>An SSL connection object, freed once; freeing it also frees the memory BIOs handed to it by SSL_set_bio.</summary>
internal sealed class SslHandle : SafeHandle
{
    public SslHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        LibSsl.SSL_free(handle);
        return true;
    }
}
