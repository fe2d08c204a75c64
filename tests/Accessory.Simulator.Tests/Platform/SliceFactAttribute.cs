namespace Accessory.Simulator.Tests.Platform;

/// <summary>A fact skipped, with the reason, where the kernel does not report a thread's time slice.</summary>
public sealed class SliceFactAttribute : FactAttribute
{
    public SliceFactAttribute()
    {
        if (ThreadSlice.UnavailableReason is { } reason)
        {
            Skip = reason;
        }
    }
}
