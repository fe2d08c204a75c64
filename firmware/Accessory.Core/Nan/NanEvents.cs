namespace Accessory.Core.Nan;

/// <summary>
/// Event and reason names from hostap's NAN USD control interface, so the model's logs read like
/// wpa_supplicant's and a later adapter can map one onto the other without a translation table.
/// </summary>
public static class NanEvents
{
    public const string DiscoveryResult = "NAN-DISCOVERY-RESULT";
    public const string Replied = "NAN-REPLIED";
    public const string Receive = "NAN-RECEIVE";
    public const string PublishTerminated = "NAN-PUBLISH-TERMINATED";
    public const string SubscribeTerminated = "NAN-SUBSCRIBE-TERMINATED";

    // Not hostap names (its USD has no data path); shaped like them for the model's follow-up-borne data path.
    public const string DataPathConfirmed = "NAN-DATA-PATH-CONFIRMED";
    public const string DataPathRejected = "NAN-DATA-PATH-REJECTED";

    public const string ReasonTimeout = "timeout";
    public const string ReasonUserRequest = "user-request";
}
