namespace Accessory.Core.Ports;

/// <summary>A pending timer created by <see cref="IClock.Schedule"/>.</summary>
public interface IScheduledWork
{
    /// <summary>Prevents the callback from running if it has not started yet. Safe to call twice.</summary>
    void Cancel();
}
