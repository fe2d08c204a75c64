namespace Accessory.Core.Provisioning.Messages;

/// <summary>A decoded prov-scan request; fields of the other commands keep their proto3 defaults.</summary>
public sealed class WifiScanRequest
{
    public WifiScanRequest(WifiScanMsgType msg, bool blocking, bool passive, uint groupChannels, uint periodMs, uint startIndex, uint count)
    {
        Msg = msg;
        Blocking = blocking;
        Passive = passive;
        GroupChannels = groupChannels;
        PeriodMs = periodMs;
        StartIndex = startIndex;
        Count = count;
    }

    public WifiScanMsgType Msg { get; }

    public bool Blocking { get; }

    public bool Passive { get; }

    public uint GroupChannels { get; }

    public uint PeriodMs { get; }

    public uint StartIndex { get; }

    public uint Count { get; }
}
