using Accessory.Core.Provisioning;
using Accessory.Phone;

namespace Accessory.FirmwareBench;

/// <summary>Hands the phone's requests to the device's router and counts only what the device side allocates.</summary>
internal sealed class MeasuredTransport : IProtocommTransport
{
    private readonly ProtocommRouter _router;

    public MeasuredTransport(ProtocommRouter router)
    {
        _router = router;
    }

    public long Allocated { get; private set; }

    public byte[] Post(string endpoint, byte[] body)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var response = _router.Handle(1, endpoint, body);
        Allocated += GC.GetAllocatedBytesForCurrentThread() - before;
        if (response.Outcome != ProtocommOutcome.Ok)
        {
            throw new InvalidOperationException(endpoint + ": " + response.Outcome + " " + response.Reason);
        }

        return response.Body;
    }
}
