namespace Accessory.Simulator.Tests.Fakes;

/// <summary>A response exactly as it came off the socket.</summary>
public sealed class RawHttpResponse
{
    public required int Status { get; init; }

    public required Dictionary<string, string> Headers { get; init; }

    public required byte[] Body { get; init; }

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name.ToUpperInvariant(), out var v) ? v : null;
}
