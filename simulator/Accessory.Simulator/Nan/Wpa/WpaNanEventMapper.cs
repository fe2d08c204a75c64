using System.Globalization;
using Accessory.Core.Nan;

namespace Accessory.Simulator.Nan.Wpa;

/// <summary>
/// Turns wpa_supplicant's NAN USD events into the core's <see cref="NanEvent"/>. The field names are the ones
/// wpa_supplicant prints (nan_usd.c / notify.c); the core already uses the same event names.
/// </summary>
public static class WpaNanEventMapper
{
    /// <summary>True when <paramref name="line"/> is a NAN event this adapter maps; then <paramref name="nanEvent"/> is
    /// set, or left null when a field is missing or malformed.</summary>
    public static bool IsNanEvent(WpaEventLine line, out NanEvent? nanEvent)
    {
        ArgumentNullException.ThrowIfNull(line);
        nanEvent = null;
        switch (line.Name)
        {
            case NanEvents.DiscoveryResult:
                nanEvent = Peer(line, "subscribe_id", "publish_id");
                return true;
            case NanEvents.Replied:
                nanEvent = Peer(line, "publish_id", "subscribe_id");
                return true;
            case NanEvents.Receive:
                nanEvent = Peer(line, "id", "peer_instance_id");
                return true;
            case NanEvents.PublishTerminated:
                nanEvent = Terminated(line, "publish_id");
                return true;
            case NanEvents.SubscribeTerminated:
                nanEvent = Terminated(line, "subscribe_id");
                return true;
            default:
                return false;
        }
    }

    private static NanEvent? Peer(WpaEventLine line, string localKey, string peerKey)
    {
        byte? local = InstanceId(line.Field(localKey));
        byte? peer = InstanceId(line.Field(peerKey));
        byte[]? address = Accessory.Simulator.Net.MacAddressText.TryParse(line.Field("address"));
        byte[]? ssi = HexBytes(line.Field("ssi") ?? string.Empty);
        if (local == null || peer == null || address == null || ssi == null)
        {
            return null;
        }

        return new NanEvent(line.Name, local.Value, peer.Value, address, ssi.Length == 0 ? null : ssi, null);
    }

    private static NanEvent? Terminated(WpaEventLine line, string localKey)
    {
        byte? local = InstanceId(line.Field(localKey));
        string? reason = line.Field("reason");
        return local == null || reason == null ? null : new NanEvent(line.Name, local.Value, 0, null, null, reason);
    }

    // The core's instance ids are one byte, as in the Service Descriptor Attribute; wpa_supplicant's fit.
    private static byte? InstanceId(string? text) =>
        byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out byte id) && id != 0 ? id : null;

    private static byte[]? HexBytes(string text)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
