namespace Accessory.Simulator.Nan.Wpa;

/// <summary>Where to find wpa_supplicant for <c>--nan wpa-supplicant</c>.</summary>
public sealed class WpaNanOptions
{
    /// <summary>The value of <c>--nan</c> that selects this adapter instead of the simulated medium.</summary>
    public const string CliName = "wpa-supplicant";

    public WpaNanOptions(string interfaceName)
    {
        InterfaceName = interfaceName ?? throw new ArgumentNullException(nameof(interfaceName));
    }

    public string InterfaceName { get; }

    public string ControlDirectory { get; set; } = WpaControlClient.DefaultControlDirectory;

    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// srv_proto_type for NAN_PUBLISH (hostap: 1 Bonjour, 2 generic, 3 CSA Matter); null leaves it out, so the service
    /// info goes out as given rather than wrapped in a protocol-typed element.
    /// </summary>
    public int? ServiceProtocolType { get; set; }

    public string SocketPath => WpaControlClient.SocketPathFor(InterfaceName, ControlDirectory);
}
