namespace Accessory.Simulator.Faults;

/// <summary>What the control API answers: a status and a JSON body; Allow is set on 405.</summary>
internal sealed record FaultControlResponse(int Status, string Json, string? Allow = null);
