using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Endpoints;

/// <summary>prov-config: GetStatus, SetConfig and ApplyConfig, answered by the provisioning manager.</summary>
public sealed class ConfigEndpoint : IProtocommEndpoint
{
    private readonly ProvisioningManager _manager;

    public ConfigEndpoint(ProvisioningManager manager)
    {
        _manager = manager;
    }

    public byte[] Handle(uint sessionId, byte[] request)
    {
        var message = WifiConfigCodec.DecodeRequest(request);
        switch (message.Msg)
        {
            case WifiConfigMsgType.CmdSetConfig:
                return WifiConfigCodec.EncodeSetConfigResponse(_manager.SetConfig(message.Ssid, message.Passphrase, message.Bssid, message.Channel));
            case WifiConfigMsgType.CmdApplyConfig:
                return WifiConfigCodec.EncodeApplyConfigResponse(_manager.ApplyConfig());
            default:
                var station = _manager.GetStatus();
                if (station == null)
                {
                    // Nothing was applied yet, so there is no state to report; ESP-IDF fails the request too.
                    throw new ProvisioningRequestException("prov-config: GetStatus before any credentials were applied");
                }

                return WifiConfigCodec.EncodeGetStatusResponse(StatusCode.Success, station);
        }
    }
}
