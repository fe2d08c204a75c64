namespace Accessory.Core.Provisioning.Messages;

/// <summary>wifi_config.proto's WiFiConfigMsgType: each command is followed by its response (command + 1).</summary>
public enum WifiConfigMsgType
{
    CmdGetStatus = 0,
    RespGetStatus = 1,
    CmdSetConfig = 2,
    RespSetConfig = 3,
    CmdApplyConfig = 4,
    RespApplyConfig = 5,
}
