namespace Accessory.Core.Provisioning.Messages;

/// <summary>wifi_ctrl.proto's WiFiCtrlMsgType; 0 is reserved and never valid on the wire.</summary>
public enum WifiCtrlMsgType
{
    Reserved = 0,
    CmdCtrlReset = 1,
    RespCtrlReset = 2,
    CmdCtrlReprov = 3,
    RespCtrlReprov = 4,
}
