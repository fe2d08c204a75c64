namespace Accessory.Core.Provisioning;

/// <summary>The router's answer: an outcome, the (encrypted where applicable) body, and a reason for logs.</summary>
public sealed class ProtocommResponse
{
    public ProtocommResponse(ProtocommOutcome outcome, byte[] body, string reason)
    {
        Outcome = outcome;
        Body = body;
        Reason = reason;
    }

    public ProtocommOutcome Outcome { get; }

    public byte[] Body { get; }

    /// <summary>Why a request was not handled; never contains request bytes or secrets.</summary>
    public string Reason { get; }
}
