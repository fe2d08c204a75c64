using System.Text.Json;

namespace Accessory.Simulator.Tests.Provisioning;

/// <summary>What the Python phone client did: exit code, its JSON steps, and everything it printed (for messages).</summary>
internal sealed record PhoneRun(int ExitCode, IReadOnlyList<JsonElement> Steps, string Output)
{
    public JsonElement Last(string step) => Steps.Last(s => s.GetProperty("step").GetString() == step);

    public bool Has(string step) => Steps.Any(s => s.GetProperty("step").GetString() == step);

    public string State => Last("status").GetProperty("state").GetString()!;
}
