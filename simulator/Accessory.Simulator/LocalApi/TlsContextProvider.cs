using Accessory.Simulator.Faults;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.LocalApi;

/// <summary>
/// The TLS context a new connection gets, following the tls.* faults: chain variant, version range, tickets and
/// resumption. Contexts are kept per combination, because the session cache lives in the context: a client that
/// resumed before a fault was switched on and off again can still resume.
/// </summary>
public sealed class TlsContextProvider : IDisposable
{
    private readonly DeviceCertificate _device;
    private readonly string _folder;
    private readonly IReadOnlyList<string> _hostNames;
    private readonly string? _configuredChain;
    private readonly string? _configuredKey;
    private readonly ActiveFaults _faults;
    private readonly Dictionary<string, TlsServerContext> _contexts = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private TlsChainFiles? _lastWritten;
    private TlsChainVariant? _lastVariant;

    /// <summary>SHA-256 of the device's own certificate (what a phone pins), whatever chain a fault presents.</summary>
    public string DeviceFingerprint => _device.Sha256Fingerprint;

    public TlsContextProvider(DeviceCertificate device, string folder, IReadOnlyList<string> hostNames, ActiveFaults faults, string? configuredChain = null, string? configuredKey = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _folder = folder;
        _hostNames = hostNames;
        _faults = faults;
        _configuredChain = configuredChain;
        _configuredKey = configuredKey;
    }

    /// <summary>The file a client should trust for the chain served right now (the device certificate by default).</summary>
    public string ClientCaFile
    {
        get
        {
            lock (_gate)
            {
                return Files(CurrentVariant()).ClientCaPemFile;
            }
        }
    }

    /// <summary>The context for a connection accepted now; builds it on first use of this fault combination.</summary>
    public TlsServerContext Current()
    {
        lock (_gate)
        {
            var variant = CurrentVariant();
            var (min, max) = VersionRange();
            bool resumption = !_faults.TryGet(FaultNames.TlsResumption, out var r) || r.GetBool("enabled");
            bool tickets = !_faults.TryGet(FaultNames.TlsSessionTickets, out var t) || t.GetBool("enabled");
            string key = string.Join('|', variant?.ToString() ?? "configured", min, max, tickets, resumption);
            if (_contexts.TryGetValue(key, out var context))
            {
                return context;
            }

            var files = Files(variant);
            context = new TlsServerContext(new TlsServerSettings
            {
                ChainPemFile = files.ChainPemFile,
                KeyPemFile = files.KeyPemFile,
                MinVersion = min,
                MaxVersion = max,
                SessionTickets = tickets,
                Resumption = resumption,
            });
            _contexts[key] = context;
            return context;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var context in _contexts.Values)
            {
                context.Dispose();
            }

            _contexts.Clear();
        }
    }

    private static TlsProtocolVersion Version(string text) => text switch
    {
        "1.0" => TlsProtocolVersion.Tls10,
        "1.1" => TlsProtocolVersion.Tls11,
        "1.2" => TlsProtocolVersion.Tls12,
        _ => TlsProtocolVersion.Tls13,
    };

    // Null: the configured chain, which no chain fault overrides unless one is set.
    private TlsChainVariant? CurrentVariant()
    {
        if (_faults.TryGet(FaultNames.TlsChain, out var chain) && TlsChainVariantNames.TryParse(chain.GetEnum("variant"), out var variant))
        {
            return variant;
        }

        return _configuredChain is null ? TlsChainVariant.SelfSigned : null;
    }

    private (TlsProtocolVersion Min, TlsProtocolVersion Max) VersionRange()
    {
        if (_faults.TryGet(FaultNames.TlsVersion, out var version))
        {
            return (Version(version.GetEnum("min")), Version(version.GetEnum("max")));
        }

        return (TlsProtocolVersion.Tls12, TlsProtocolVersion.Tls13);
    }

    // The factory writes one variant's files at a time into the folder (the test root stays there for good); a
    // context reads its files when it is built, so rewriting them for another variant leaves built contexts intact.
    private TlsChainFiles Files(TlsChainVariant? variant)
    {
        if (variant is null)
        {
            return new TlsChainFiles(_configuredChain!, _configuredKey!, _configuredChain!);
        }

        if (_lastWritten is null || _lastVariant != variant)
        {
            _lastWritten = TlsChainFactory.Write(variant.Value, _folder, _device, _hostNames);
            _lastVariant = variant;
        }

        return _lastWritten;
    }
}
