namespace Accessory.Simulator.Nan.Wpa;

/// <summary>Where to find wpa_supplicant for <c>--nan wpa-supplicant</c>.</summary>
public sealed class WpaNanOptions
{
    /// <summary>The value of <c>--nan</c> that selects this adapter instead of the simulated medium.</summary>
    public const string CliName = "wpa-supplicant";

    private string _controlDirectory = WpaControlClient.DefaultControlDirectory;

    public WpaNanOptions(string interfaceName)
    {
        InterfaceName = interfaceName ?? throw new ArgumentNullException(nameof(interfaceName));
    }

    public string InterfaceName { get; }

    /// <summary>
    /// wpa_supplicant's ctrl_interface folder. Refused when DIRECTORY/IFACE could not be a Unix socket address, so a
    /// bad folder is reported when given rather than as a confusing connect failure later.
    /// </summary>
    public string ControlDirectory
    {
        get => _controlDirectory;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            string socket = WpaControlClient.SocketPathFor(InterfaceName, value);
            if (System.Text.Encoding.UTF8.GetByteCount(socket) > WpaControlClient.MaxSocketPathBytes)
            {
                throw new ArgumentException($"wpa_supplicant's control socket {socket} would be longer than the {WpaControlClient.MaxSocketPathBytes} bytes a Unix socket path may have: choose a shorter folder");
            }

            _controlDirectory = value;
        }
    }

    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// srv_proto_type for NAN_PUBLISH (hostap: 1 Bonjour, 2 generic, 3 CSA Matter); null leaves it out, so the service
    /// info goes out as given rather than wrapped in a protocol-typed element.
    /// </summary>
    public int? ServiceProtocolType { get; set; }

    public string SocketPath => WpaControlClient.SocketPathFor(InterfaceName, ControlDirectory);
}
