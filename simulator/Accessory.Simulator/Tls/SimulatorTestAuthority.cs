using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Accessory.Simulator.Tls;

/// <summary>
/// A root and an intermediate CA that issue the local API's leaf certificates for the chain variants. The trusted
/// pair is generated once per data folder and kept there (root.pem, intermediate.pem, keys 0600), so a developer
/// installs the root on a phone once; the untrusted pair is throwaway.
/// </summary>
internal sealed class SimulatorTestAuthority : IDisposable
{
    public const string RootName = "Accessory Simulator Test Root";
    public const string IntermediateName = "Accessory Simulator Test Intermediate";
    public const string UntrustedRootName = "Accessory Simulator Untrusted Root";
    public const string UntrustedIntermediateName = "Accessory Simulator Untrusted Intermediate";

    public const string RootFile = "root.pem";
    public const string RootKeyFile = "root.key";
    public const string IntermediateFile = "intermediate.pem";
    public const string IntermediateKeyFile = "intermediate.key";

    // Leaves are backdated by a month (the expired variant needs a past NotBefore), so the CAs must start earlier.
    private static readonly TimeSpan Backdate = TimeSpan.FromDays(60);

    // Renewed well before the end so a leaf issued today (397 days) never outlives its issuer.
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(400);

    private SimulatorTestAuthority(X509Certificate2 root, X509Certificate2 intermediate)
    {
        Root = root;
        Intermediate = intermediate;
    }

    /// <summary>The root with its private key.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The intermediate with its private key; it signs the leaves.</summary>
    public X509Certificate2 Intermediate { get; }

    public static string RootPath(string folder) => Path.Combine(folder, RootFile);

    public static SimulatorTestAuthority LoadOrCreate(string folder)
    {
        Directory.CreateDirectory(folder);
        var root = TryLoad(folder, RootFile, RootKeyFile, RootName, null);
        if (root == null)
        {
            root = CreateRoot(RootName);
            PrivateFiles.WriteKey(Path.Combine(folder, RootKeyFile), KeyPem(root));
            PrivateFiles.WritePublic(Path.Combine(folder, RootFile), root.ExportCertificatePem());
        }

        var intermediate = TryLoad(folder, IntermediateFile, IntermediateKeyFile, IntermediateName, root);
        if (intermediate == null)
        {
            intermediate = CreateIntermediate(root, IntermediateName);
            PrivateFiles.WriteKey(Path.Combine(folder, IntermediateKeyFile), KeyPem(intermediate));
            PrivateFiles.WritePublic(Path.Combine(folder, IntermediateFile), intermediate.ExportCertificatePem());
        }

        return new SimulatorTestAuthority(root, intermediate);
    }

    public static SimulatorTestAuthority CreateUntrusted()
    {
        var root = CreateRoot(UntrustedRootName);
        return new SimulatorTestAuthority(root, CreateIntermediate(root, UntrustedIntermediateName));
    }

    public void Dispose()
    {
        Root.Dispose();
        Intermediate.Dispose();
    }

    private static X509Certificate2 CreateRoot(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        return CertificateProfiles.Authority(name, key, 1).CreateSelfSigned(now - Backdate, now.AddYears(10));
    }

    private static X509Certificate2 CreateIntermediate(X509Certificate2 root, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.AddYears(5);
        if (notAfter > root.NotAfter)
        {
            notAfter = root.NotAfter;
        }

        var request = CertificateProfiles.Authority(name, key, 0);
        using var intermediate = CertificateProfiles.Issue(request, root, now - Backdate, notAfter);
        return intermediate.CopyWithPrivateKey(key);
    }

    private static string KeyPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        return key.ExportPkcs8PrivateKeyPem();
    }

    // Anything off (missing, unparsable, wrong name, near its end, not issued by the root) means a fresh one.
    private static X509Certificate2? TryLoad(string folder, string certificateFile, string keyFile, string name, X509Certificate2? issuer)
    {
        var certificatePath = Path.Combine(folder, certificateFile);
        var keyPath = Path.Combine(folder, keyFile);
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            return null;
        }

        X509Certificate2 loaded;
        try
        {
            loaded = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or IOException)
        {
            return null;
        }

        bool usable = loaded.GetNameInfo(X509NameType.SimpleName, false) == name
            && loaded.NotAfter.ToUniversalTime() - DateTime.UtcNow > RenewBefore
            && (issuer == null ? loaded.SubjectName.RawData.AsSpan().SequenceEqual(loaded.IssuerName.RawData) : IssuedBy(loaded, issuer));
        if (!usable)
        {
            loaded.Dispose();
            return null;
        }

        return loaded;
    }

    private static bool IssuedBy(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(issuer);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate) && chain.ChainElements.Count == 2;
    }
}
