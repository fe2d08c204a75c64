using Accessory.Core.Cloud;
using Accessory.Core.Text;

namespace Accessory.Core.LocalApi;

/// <summary>Messages pushed on the events WebSocket; built here so firmware and simulator send the same bytes.</summary>
public static class LocalApiEvents
{
    public const string StateType = "state";

    /// <summary>{"type":"state","state":{"on":bool,"brightness":n}}.</summary>
    public static byte[] StateMessage(LampState lamp)
    {
        if (lamp == null)
        {
            throw new System.ArgumentNullException(nameof(lamp));
        }

        // The flat JSON writer has no nested objects, so the state document is spliced in as it is.
        var state = lamp.ToJson();
        var prefix = Utf8.Encode("{\"type\":\"" + StateType + "\",\"state\":");
        var message = new ByteBuilder(prefix.Length + state.Length + 1);
        message.Append(prefix);
        message.Append(state);
        message.Append((byte)'}');
        return message.ToArray();
    }
}
