using Accessory.Core.Ports;
using Accessory.Core.Settings;
using Accessory.Simulator.Faults;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// What the devices of one local-API group share: one self-signed certificate and one TLS context (a certificate,
/// key and OpenSSL context per device would cost a key generation each and tens of KiB at 10,000 devices), and an
/// empty fault set (the fleet has no per-device fault catalogue). The certificate is made at start, lives as long
/// as the process, and its PEM is written to a private temporary folder so clients can trust it.
/// </summary>
public sealed class FleetLocalApiGroup : IDisposable
{
    /// <summary>The host label in the group certificate's names (besides localhost, 127.0.0.1 and ::1).</summary>
    public const string HostLabel = "accessory-fleet";

    private readonly DeviceCertificate _certificate;
    private readonly string _folder;

    private FleetLocalApiGroup(FleetGroup group, FleetLocalApi spec, DeviceCertificate certificate, string folder)
    {
        Group = group;
        Spec = spec;
        _certificate = certificate;
        _folder = folder;
        Tls = new TlsContextProvider(certificate, folder, DeviceCertificate.HostNamesFor(HostLabel), Faults);

        // Built now: the CA file exists before the start line names it, and no device pays for it later.
        Tls.Current();
    }

    public FleetGroup Group { get; }

    public FleetLocalApi Spec { get; }

    public ActiveFaults Faults { get; } = new();

    public TlsContextProvider Tls { get; }

    /// <summary>The PEM a client trusts for every device of the group (curl --cacert).</summary>
    public string CertificateFile => Tls.ClientCaFile;

    /// <summary>SHA-256 fingerprint of the group's certificate.</summary>
    public string Fingerprint => _certificate.Sha256Fingerprint;

    /// <summary>Makes the group's certificate in <paramref name="root"/>/&lt;group&gt; (a folder only its owner can read).</summary>
    public static FleetLocalApiGroup Create(FleetGroup group, FleetLocalApi spec, string root, ILog log)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(spec);
        var certificate = DeviceCertificate.LoadOrCreate(new DeviceSettings(), HostLabel, log, out _);
        string folder = Path.Combine(root, SafeName(group.Name));
        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new FleetLocalApiGroup(group, spec, certificate, folder);
    }

    public void Dispose()
    {
        Tls.Dispose();
        _certificate.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind; the private key in it stays readable by its owner only.
        }
    }

    // Group names are free text in the file; the folder name keeps letters, digits, '-' and '_'.
    private static string SafeName(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
