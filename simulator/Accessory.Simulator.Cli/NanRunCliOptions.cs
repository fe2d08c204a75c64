using System.CommandLine;

namespace Accessory.Simulator.Cli;

/// <summary>The `run` options of the device's Wi-Fi Aware (NAN) side.</summary>
internal sealed class NanRunCliOptions
{
    public Option<string?> NanInterface { get; } = new("--nan-interface")
    {
        Description = "Publish the device over Wi-Fi Aware (the simulated NAN medium) on this interface and answer data-path requests: the local API is also served on this interface's IPv6 link-local address, which the accept carries (an interface without one falls back to --api-bind, where 0.0.0.0 means this interface's IPv4 address). Off by default: it multicasts.",
    };

    public Option<string> Nan { get; } = new("--nan")
    {
        Description = "With --nan-interface: 'simulated' (the simulated NAN medium, default) or 'wpa-supplicant' (this host's radio through wpa_supplicant's control interface; needs a driver with NAN USD; no data paths or nan.* faults).",
        DefaultValueFactory = _ => "simulated",
    };

    public Option<string?> NanWpaControl { get; } = new("--nan-wpa-ctrl")
    {
        Description = "With --nan wpa-supplicant: the folder of wpa_supplicant's control sockets, its ctrl_interface (default /var/run/wpa_supplicant).",
    };

    public Option<string> NanPublish { get; } = new("--nan-publish")
    {
        Description = "When the device publishes: 'always' (while unprovisioned and once online; default), 'online' or 'unprovisioned'. Never while it joins its network.",
        DefaultValueFactory = _ => "always",
    };

    public IEnumerable<Option> All => new Option[] { NanInterface, Nan, NanWpaControl, NanPublish };

    /// <summary>NAN options for the interface named by --nan-interface; null when not asked for.</summary>
    public Accessory.Simulator.Nan.NanOptions? BuildNan(ParseResult result)
    {
        string? name = result.GetValue(NanInterface);
        string backend = result.GetValue(Nan)!;
        if (backend != "simulated" && backend != Accessory.Simulator.Nan.Wpa.WpaNanOptions.CliName)
        {
            throw new ArgumentException($"--nan must be 'simulated' or '{Accessory.Simulator.Nan.Wpa.WpaNanOptions.CliName}', not '{backend}'");
        }

        string? control = result.GetValue(NanWpaControl);
        if (control != null && backend != Accessory.Simulator.Nan.Wpa.WpaNanOptions.CliName)
        {
            throw new ArgumentException("--nan-wpa-ctrl only applies to --nan wpa-supplicant (the simulated medium has no control socket)");
        }

        string when = result.GetValue(NanPublish)!;
        bool online = when is "always" or "online";
        bool unprovisioned = when is "always" or "unprovisioned";
        if (!online && !unprovisioned)
        {
            throw new ArgumentException($"--nan-publish must be 'always', 'online' or 'unprovisioned', not '{when}'");
        }

        if (name == null)
        {
            return backend == "simulated" ? null : throw new ArgumentException("--nan wpa-supplicant needs --nan-interface IFACE (the Wi-Fi interface wpa_supplicant manages)");
        }

        if (backend != "simulated")
        {
            var wpa = new Accessory.Simulator.Nan.Wpa.WpaNanOptions(name);
            if (control != null)
            {
                try
                {
                    wpa.ControlDirectory = Path.GetFullPath(control);
                }
                catch (ArgumentException e)
                {
                    throw new ArgumentException("--nan-wpa-ctrl: " + (control.Length == 0 ? "needs a folder" : e.Message), e);
                }
            }

            return new Accessory.Simulator.Nan.NanOptions { InterfaceName = name, WpaSupplicant = wpa, PublishWhileOnline = online, PublishWhileUnprovisioned = unprovisioned };
        }

        var nic = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name)
            ?? throw new ArgumentException($"--nan-interface: there is no network interface named '{name}'");

        // Only used when the interface has no IPv6 link-local address and the API binds 0.0.0.0.
        var address = nic.GetIPProperties().UnicastAddresses.Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
        return new Accessory.Simulator.Nan.NanOptions { InterfaceName = name, DataPathAddress = address, PublishWhileOnline = online, PublishWhileUnprovisioned = unprovisioned };
    }
}
