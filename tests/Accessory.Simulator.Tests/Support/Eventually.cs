namespace Accessory.Simulator.Tests.Support;

/// <summary>Polls a condition until it holds or the deadline passes: a bounded wait for state that has no event.</summary>
internal static class Eventually
{
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }
}
