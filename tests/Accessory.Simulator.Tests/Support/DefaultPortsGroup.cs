namespace Accessory.Simulator.Tests.Support;

/// <summary>
/// Test classes that start `run` on its default ports (80, 1883, 8443), as a newcomer would. xunit runs classes in
/// parallel, and two of them at once made one fail with "Address already in use" (a full run under load, seen once):
/// in this collection they take turns.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DefaultPortsGroup
{
    public const string Name = "default ports";
}
