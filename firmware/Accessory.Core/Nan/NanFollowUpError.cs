namespace Accessory.Core.Nan;

/// <summary>Why a follow-up message was not sent.</summary>
public enum NanFollowUpError
{
    None,

    /// <summary>Over <see cref="NanServiceDescriptor.MaxFieldLength"/> bytes: the service info length is one byte.</summary>
    MessageTooLong,

    /// <summary>Follow-ups go to one peer: the address must be 6 bytes and not broadcast.</summary>
    BadAddress,

    /// <summary>Instance id 0 names no peer service.</summary>
    BadPeerInstanceId,

    /// <summary>The publish or subscribe has ended (TTL or cancel).</summary>
    Terminated,
}
