namespace Accessory.Core.Nan;

/// <summary>The three data-path messages carried in follow-ups; values are the wire's type byte.</summary>
public enum NanDataPathMessageType
{
    Request = 1,
    Accept = 2,
    Reject = 3,
}
