namespace Accessory.Portability.Tests;

/// <summary>
/// A fact about the firmware's compile against ../shared/nano-ref: on a clone without those reference assemblies
/// it is reported as skipped with "skipped: no reference assemblies", never passed silently.
/// </summary>
public sealed class NanoRefFactAttribute : FactAttribute
{
    public NanoRefFactAttribute()
    {
        if (BuildPaths.NanoRefMissingReason is { } reason)
        {
            Skip = reason;
        }
    }
}
