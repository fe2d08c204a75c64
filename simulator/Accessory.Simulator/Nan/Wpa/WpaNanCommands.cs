using Accessory.Core.Nan;

namespace Accessory.Simulator.Nan.Wpa;

/// <summary>
/// Command lines for wpa_supplicant's NAN USD control interface. Options left at wpa_supplicant's defaults are not
/// sent: it publishes solicited and unsolicited unless told "solicited=0" / "unsolicited=0", and ttl 0 means no
/// limit in both models.
/// </summary>
public static class WpaNanCommands
{
    public static string Publish(NanPublishConfig config, int? serviceProtocolType)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (config.MatchingFilter != null)
        {
            // Not every wpa_supplicant release takes match filters on NAN_PUBLISH; refusing beats silently dropping one.
            throw new WpaNanException("matching filters are not passed to wpa_supplicant's NAN_PUBLISH by this adapter");
        }

        var words = new List<string> { "NAN_PUBLISH", "service_name=" + config.ServiceName.FullName };
        if (config.TtlSeconds > 0)
        {
            words.Add("ttl=" + config.TtlSeconds);
        }

        if (serviceProtocolType != null)
        {
            words.Add("srv_proto_type=" + serviceProtocolType.Value);
        }

        if (config.ServiceInfo is { Length: > 0 })
        {
            words.Add("ssi=" + Convert.ToHexStringLower(config.ServiceInfo));
        }

        if (!config.Solicited)
        {
            words.Add("solicited=0");
        }

        if (!config.Unsolicited)
        {
            words.Add("unsolicited=0");
        }

        return string.Join(' ', words);
    }

    public static string CancelPublish(int publishId) => "NAN_CANCEL_PUBLISH publish_id=" + publishId;

    /// <summary>A follow-up from our publish <paramref name="handle"/> to the peer's instance at <paramref name="peerAddress"/>.</summary>
    public static string Transmit(int handle, byte peerInstanceId, byte[] peerAddress, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(peerAddress);
        ArgumentNullException.ThrowIfNull(message);
        string command = "NAN_TRANSMIT handle=" + handle + " req_instance_id=" + peerInstanceId + " address=" + NanAddress.Format(peerAddress);
        return message.Length == 0 ? command : command + " ssi=" + Convert.ToHexStringLower(message);
    }
}
