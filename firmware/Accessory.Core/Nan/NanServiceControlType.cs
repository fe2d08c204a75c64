namespace Accessory.Core.Nan;

/// <summary>Bits 0-1 of the Service Control field of a Service Descriptor Attribute.</summary>
public enum NanServiceControlType
{
    Publish = 0,
    Subscribe = 1,
    FollowUp = 2,
}
