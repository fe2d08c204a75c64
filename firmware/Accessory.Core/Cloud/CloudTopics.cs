namespace Accessory.Core.Cloud;

/// <summary>The topic tree of one accessory: everything lives under accessory/&lt;device id&gt;/.</summary>
public sealed class CloudTopics
{
    public const string OnlinePayload = "online";
    public const string OfflinePayload = "offline";

    private const string CommandPrefix = "/cmd/";
    private const string ResultSuffix = "/result";

    public CloudTopics(string deviceId)
    {
        DeviceId = deviceId;
        Root = "accessory/" + deviceId;
    }

    public string DeviceId { get; }

    public string Root { get; }

    /// <summary>Retained JSON of the device's current state.</summary>
    public string State => Root + "/state";

    public string Telemetry => Root + "/telemetry";

    /// <summary>Retained "online"/"offline"; "offline" is the Last Will.</summary>
    public string Availability => Root + "/availability";

    /// <summary>The filter the device subscribes to for every command.</summary>
    public string CommandFilter => Root + CommandPrefix + "+";

    public string Command(string name) => Root + CommandPrefix + name;

    public string CommandResult(string name) => Root + CommandPrefix + name + ResultSuffix;

    /// <summary>The command name in <paramref name="topic"/>, or null when it is not one of this device's command topics.</summary>
    public string? CommandName(string topic)
    {
        var prefix = Root + CommandPrefix;
        if (topic == null || topic.Length <= prefix.Length || !topic.StartsWith(prefix))
        {
            return null;
        }

        var name = topic.Substring(prefix.Length);
        for (int i = 0; i < name.Length; i++)
        {
            if (name[i] == '/')
            {
                return null;
            }
        }

        return name;
    }
}
