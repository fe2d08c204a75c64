namespace Accessory.Core.Provisioning.Messages;

/// <summary>wifi_scan.proto's WiFiScanMsgType: each command is followed by its response (command + 1).</summary>
public enum WifiScanMsgType
{
    CmdScanStart = 0,
    RespScanStart = 1,
    CmdScanStatus = 2,
    RespScanStatus = 3,
    CmdScanResult = 4,
    RespScanResult = 5,
}
