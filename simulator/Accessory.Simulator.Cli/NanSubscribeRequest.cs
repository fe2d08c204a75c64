namespace Accessory.Simulator.Cli;

/// <summary>The parsed arguments of `nan subscribe`.</summary>
internal sealed record NanSubscribeRequest(string ServiceName, string? InterfaceName, int Seconds, bool Active, string? FollowUp, bool DataPath = false);
