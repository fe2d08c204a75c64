using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using Accessory.Core.Settings;
using Accessory.Simulator.Provisioning;
using Accessory.Simulator.Radio;

namespace Accessory.Simulator.Cli;

/// <summary>The `run` options that shape provisioning and the virtual radio, and how they become device options.</summary>
internal sealed class ProvisioningCliOptions
{
    public Option<int> Security { get; } = new("--sec")
    {
        Description = "Provisioning security: 0 (none), 1 (X25519 + proof of possession), 2 (SRP-6a, ESP-IDF's default).",
        DefaultValueFactory = _ => 2,
    };

    public Option<string?> Pop { get; } = new("--pop")
    {
        Description = "sec1 proof of possession (default: one generated per device and kept in its settings; \"\" for none).",
    };

    public Option<string> Username { get; } = new("--username")
    {
        Description = "sec2 username.",
        DefaultValueFactory = _ => "wifiprov",
    };

    public Option<string?> Password { get; } = new("--password")
    {
        Description = "sec2 password (default: one generated per device and kept in its settings).",
    };

    public Option<int> Sec2Patch { get; } = new("--sec2-patch")
    {
        Description = "sec2 nonce scheme: 1 counter nonces (current ESP-IDF), 0 fixed nonce (older firmware).",
        DefaultValueFactory = _ => 1,
    };

    public Option<string> Bind { get; } = new("--bind")
    {
        Description = "Address the provisioning HTTP server listens on (0.0.0.0 for phones on the LAN).",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public Option<int?> HttpPort { get; } = new("--http-port")
    {
        Description = "Provisioning HTTP port (default 80 as on an ESP32 when run as root, else 8080; 0 picks a free port).",
    };

    public Option<FileInfo?> RadioEnv { get; } = new("--radio-env")
    {
        Description = "YAML file describing the virtual Wi-Fi networks (default: the shipped environment).",
    };

    public Option<string?> Timing { get; } = new("--timing")
    {
        Description = "Radio timing: realistic (scan ~2 s, join 3-6 s) or fast (tens of ms, for scripts and CI).",
    };

    public Option<bool> NoProvisioning { get; } = new("--no-provisioning")
    {
        Description = "Do not offer provisioning over HTTP.",
    };

    public Option<bool> KeepProvisioning { get; } = new("--keep-provisioning")
    {
        Description = "Keep provisioning open after the device joined (no auto-stop), so apps can reprovision with prov-ctrl.",
    };

    public Option<int> AutoStop { get; } = new("--prov-autostop")
    {
        Description = "Seconds after a successful join after which provisioning ends if the phone never asks for the status (ESP-IDF: default 30, at least 5; the same with --timing fast).",
        DefaultValueFactory = _ => 30,
    };

    public Option<string?> MdnsInterface { get; } = new("--mdns-interface")
    {
        Description = "Advertise the device over mDNS/DNS-SD (_accessory._tcp, <name>.local) on this network interface (off by default: it multicasts on the LAN).",
    };

    public Option<int> ApiPort { get; } = new("--api-port")
    {
        Description = "Port of the local control API advertised in the _accessory._tcp record.",
        DefaultValueFactory = _ => 8443,
    };

    public IEnumerable<Option> All => new Option[] { Security, Pop, Username, Password, Sec2Patch, Bind, HttpPort, RadioEnv, Timing, AutoStop, KeepProvisioning, NoProvisioning, MdnsInterface, ApiPort };

    /// <summary>mDNS options for the interface named by --mdns-interface, with its addresses; null when not asked for.</summary>
    public Accessory.Simulator.Mdns.AdvertiserOptions? BuildMdns(ParseResult result)
    {
        string? name = result.GetValue(MdnsInterface);
        if (name == null)
        {
            return null;
        }

        var nic = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.Name == name)
            ?? throw new ArgumentException($"--mdns-interface: there is no network interface named '{name}'");
        var addresses = nic.GetIPProperties().UnicastAddresses
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork || a.IsIPv6LinkLocal)
            .ToList();
        if (addresses.Count == 0)
        {
            throw new ArgumentException($"--mdns-interface: interface '{name}' has no IPv4 or IPv6 link-local address");
        }

        return new Accessory.Simulator.Mdns.AdvertiserOptions
        {
            Transport = new Accessory.Simulator.Mdns.MulticastTransportOptions { InterfaceName = name },
            Addresses = addresses,
            ApiPort = result.GetValue(ApiPort),
        };
    }

    public RadioEnvironment LoadEnvironment(ParseResult result)
    {
        var file = result.GetValue(RadioEnv);
        var environment = file == null ? RadioEnvironment.LoadDefault() : RadioEnvironment.LoadFile(file.FullName);
        return result.GetValue(Timing) switch
        {
            null => environment,
            "fast" => environment.WithTiming(TimingModel.Fast),
            "realistic" => environment.WithTiming(TimingModel.Realistic),
            var other => throw new ArgumentException($"--timing must be 'realistic' or 'fast', not '{other}'"),
        };
    }

    /// <summary>
    /// Builds the SoftAP options; a missing PoP or password is generated once per device and kept in its settings,
    /// like the secret printed on a real device's label.
    /// </summary>
    public SoftApOptions? Build(ParseResult result, DeviceSettings settings, Action save)
    {
        if (result.GetValue(NoProvisioning))
        {
            return null;
        }

        if (!IPAddress.TryParse(result.GetValue(Bind), out var bind))
        {
            throw new ArgumentException($"--bind '{result.GetValue(Bind)}' is not an IP address");
        }

        int security = result.GetValue(Security);
        string? pop = result.GetValue(Pop);
        string? password = result.GetValue(Password);
        if ((security == 1 && pop == null) || (security == 2 && string.IsNullOrEmpty(password)))
        {
            string stored = settings.Contains(SettingKeys.ProvisioningPop) ? settings.GetString(SettingKeys.ProvisioningPop)! : string.Empty;
            if (stored.Length == 0)
            {
                stored = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
                settings.SetString(SettingKeys.ProvisioningPop, stored);
                save();
            }

            pop ??= stored;
            password = string.IsNullOrEmpty(password) ? stored : password;
        }

        var options = new SoftApOptions
        {
            Security = security,
            ProofOfPossession = pop,
            Username = result.GetValue(Username)!,
            Password = password ?? string.Empty,
            Sec2PatchVersion = result.GetValue(Sec2Patch),
            BindAddress = bind,
            HttpPort = result.GetValue(HttpPort) ?? (Environment.IsPrivilegedProcess ? 80 : 8080),
            KeepAlive = result.GetValue(KeepProvisioning),
            AutoStopSeconds = result.GetValue(AutoStop),
        };
        options.Validate();
        return options;
    }
}
