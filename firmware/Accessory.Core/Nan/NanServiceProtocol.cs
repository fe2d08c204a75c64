namespace Accessory.Core.Nan;

/// <summary>The protocol suffix iOS adds to a declared service name (`_name._tcp` or `_name._udp`).</summary>
public enum NanServiceProtocol
{
    Tcp,
    Udp,
}
