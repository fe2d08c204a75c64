namespace Accessory.Core.Provisioning;

/// <summary>A protocomm request was answered (any transport); lets a body count sessions and latency.</summary>
public delegate void ProtocommRequestAnswered(uint sessionId, string endpoint, ProtocommOutcome outcome, bool sessionOpened);
