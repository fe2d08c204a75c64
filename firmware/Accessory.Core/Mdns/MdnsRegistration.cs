using Accessory.Core.Ports;

namespace Accessory.Core.Mdns;

/// <summary>
/// The responder's bookkeeping for one unique name it claims: the host name, or one service instance.
/// Timers carry the generation they were armed in, so a callback that raced a cancel does nothing.
/// </summary>
internal sealed class MdnsRegistration
{
    private string _currentName;

    private MdnsRegistration(string baseName, MdnsService? service, MdnsHostConfig? hostConfig, MdnsRegistration? host)
    {
        BaseName = baseName;
        _currentName = baseName;
        Service = service;
        HostConfig = hostConfig;
        Host = host;
        LastMulticast = long.MinValue;
    }

    public bool IsHost => Service == null;

    public MdnsService? Service { get; }

    /// <summary>For a host name: its addresses.</summary>
    public MdnsHostConfig? HostConfig { get; }

    /// <summary>For a service: the host its SRV record points at.</summary>
    public MdnsRegistration? Host { get; }

    public static MdnsRegistration ForHost(MdnsHostConfig config) => new MdnsRegistration(config.HostName, null, config, null);

    public static MdnsRegistration ForService(MdnsService service, MdnsRegistration host) => new MdnsRegistration(service.InstanceName, service, null, host);

    public string BaseName { get; }

    public string CurrentName
    {
        get => _currentName;
        set
        {
            _currentName = value;
            OwnerName = null;
        }
    }

    /// <summary>The full owner name built from <see cref="CurrentName"/>; cached because every packet compares against it.</summary>
    public DnsName? OwnerName { get; set; }

    /// <summary>The hash of the owner name this registration is filed under in the responder's <see cref="MdnsNameIndex"/>.</summary>
    public int IndexHash { get; set; }

    /// <summary>How many names were tried; the next rename uses this + 1 as its suffix.</summary>
    public int Attempt { get; set; } = 1;

    public MdnsRegistrationState State { get; set; }

    public int Step { get; set; }

    public int Generation { get; set; }

    public IScheduledWork? Timer { get; set; }

    public IScheduledWork? TxtTimer { get; set; }

    /// <summary>The TXT record this service had before its last change, and when it changed (to recognise our own late echo).</summary>
    public DnsRecord? ReplacedTxt { get; set; }

    public long ReplacedTxtAt { get; set; }

    public long LastMulticast { get; set; }

    /// <summary>Conflicts since <see cref="FirstConflictAt"/>, for the probe slowdown.</summary>
    public int ConflictCount { get; set; }

    public long FirstConflictAt { get; set; }

    public void CancelTimers()
    {
        Generation++;
        Timer?.Cancel();
        Timer = null;
        TxtTimer?.Cancel();
        TxtTimer = null;
    }
}
