using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Endpoints;

/// <summary>prov-ctrl: reset after a failed attempt, reprovision after a successful one.</summary>
public sealed class ControlEndpoint : IProtocommEndpoint
{
    private readonly ProvisioningManager _manager;

    public ControlEndpoint(ProvisioningManager manager)
    {
        _manager = manager;
    }

    public byte[] Handle(uint sessionId, byte[] request)
    {
        var msg = WifiCtrlCodec.DecodeRequest(request);
        var status = msg == WifiCtrlMsgType.CmdCtrlReset ? _manager.ResetAfterFailure() : _manager.Reprovision();
        return WifiCtrlCodec.EncodeResponse(msg, status);
    }
}
