using System.Security.Cryptography.X509Certificates;
using Accessory.Core.Settings;
using Accessory.Simulator.Tests.Support;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Tests.Tls;

public class TlsChainFactoryTests
{
    private const string Label = "desk-lamp-a1b2c3";

    [Theory]
    [InlineData("self-signed", null)]
    [InlineData("valid", null)]
    [InlineData("missing-intermediate", "unable to get local issuer certificate")]
    [InlineData("expired", "certificate has expired")]
    [InlineData("wrong-hostname", "hostname mismatch")]
    [InlineData("untrusted-root", "self-signed certificate in certificate chain")]
    public void Each_variant_gives_the_documented_openssl_verdict(string name, string? error)
    {
        Assert.True(TlsChainVariantNames.TryParse(name, out var variant));
        Assert.Equal(name, TlsChainVariantNames.Name(variant));
        using var folder = new TempDirectory("tls-chain");
        using var device = NewDevice();

        var files = TlsChainFactory.Write(variant, folder.Path, device, DeviceCertificate.HostNamesFor(Label));

        var verdict = OpenSslVerify.Run(files.ChainPemFile, files.ClientCaPemFile, "-verify_hostname", "localhost");
        if (error == null)
        {
            Assert.Contains("verify-leaf.pem: OK", verdict, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains(error, verdict, StringComparison.Ordinal);
            Assert.DoesNotContain(": OK", verdict, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("self-signed")]
    [InlineData("valid")]
    public void Good_chains_verify_for_the_mdns_name_and_loopback_addresses(string name)
    {
        Assert.True(TlsChainVariantNames.TryParse(name, out var variant));
        using var folder = new TempDirectory("tls-chain");
        using var device = NewDevice();
        var files = TlsChainFactory.Write(variant, folder.Path, device, DeviceCertificate.HostNamesFor(Label));

        Assert.Contains(": OK", OpenSslVerify.Run(files.ChainPemFile, files.ClientCaPemFile, "-verify_hostname", Label + ".local"), StringComparison.Ordinal);
        Assert.Contains(": OK", OpenSslVerify.Run(files.ChainPemFile, files.ClientCaPemFile, "-verify_ip", "127.0.0.1"), StringComparison.Ordinal);
        Assert.Contains(": OK", OpenSslVerify.Run(files.ChainPemFile, files.ClientCaPemFile, "-verify_ip", "::1"), StringComparison.Ordinal);
        Assert.Contains("hostname mismatch", OpenSslVerify.Run(files.ChainPemFile, files.ClientCaPemFile, "-verify_hostname", "other.local"), StringComparison.Ordinal);
    }

    [Fact]
    public void The_test_root_is_made_once_per_folder_and_keys_are_private()
    {
        using var folder = new TempDirectory("tls-chain");
        using var device = NewDevice();
        var first = TlsChainFactory.Write(TlsChainVariant.Valid, folder.Path, device, DeviceCertificate.HostNamesFor(Label));
        var root = File.ReadAllText(first.ClientCaPemFile);
        var intermediate = File.ReadAllText(Path.Combine(folder.Path, "intermediate.pem"));

        var second = TlsChainFactory.Write(TlsChainVariant.Expired, folder.Path, device, DeviceCertificate.HostNamesFor(Label));
        Assert.Equal(root, File.ReadAllText(second.ClientCaPemFile));
        Assert.Equal(intermediate, File.ReadAllText(Path.Combine(folder.Path, "intermediate.pem")));
        Assert.Equal(Path.Combine(folder.Path, "root.pem"), second.ClientCaPemFile);

        using var rootCertificate = X509CertificateLoader.LoadCertificateFromFile(second.ClientCaPemFile);
        Assert.Equal("CN=Accessory Simulator Test Root", rootCertificate.Subject);
        Assert.True(OperatingSystem.IsLinux());
        foreach (var key in new[] { "root.key", "intermediate.key", TlsChainFactory.KeyFile })
        {
            if (OperatingSystem.IsLinux())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(folder.Path, key)));
            }
        }
    }

    [Fact]
    public void A_damaged_root_is_replaced_and_the_chain_verifies_again()
    {
        using var folder = new TempDirectory("tls-chain");
        using var device = NewDevice();
        TlsChainFactory.Write(TlsChainVariant.Valid, folder.Path, device, DeviceCertificate.HostNamesFor(Label));
        File.WriteAllText(Path.Combine(folder.Path, "root.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        var files = TlsChainFactory.Write(TlsChainVariant.Valid, folder.Path, device, DeviceCertificate.HostNamesFor(Label));

        Assert.Contains(": OK", OpenSslVerify.Run(files.ChainPemFile, files.ClientCaPemFile, "-verify_hostname", "localhost"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_variant_serves_the_device_key()
    {
        using var folder = new TempDirectory("tls-chain");
        using var device = NewDevice();
        using var devicePublic = device.Certificate.GetECDsaPublicKey()!;
        foreach (TlsChainVariant variant in Enum.GetValues<TlsChainVariant>())
        {
            var files = TlsChainFactory.Write(variant, folder.Path, device, DeviceCertificate.HostNamesFor(Label));
            using var leaf = X509Certificate2.CreateFromPemFile(files.ChainPemFile, files.KeyPemFile);
            using var leafPublic = leaf.GetECDsaPublicKey()!;
            Assert.Equal(devicePublic.ExportSubjectPublicKeyInfo(), leafPublic.ExportSubjectPublicKeyInfo());
        }
    }

    [Fact]
    public void Variant_names_round_trip_and_unknown_names_are_refused()
    {
        Assert.Equal("self-signed | valid | missing-intermediate | expired | wrong-hostname | untrusted-root", TlsChainVariantNames.Choices);
        Assert.False(TlsChainVariantNames.TryParse("Valid", out _));
        Assert.False(TlsChainVariantNames.TryParse(null, out _));
    }

    private static DeviceCertificate NewDevice() => DeviceCertificate.LoadOrCreate(new DeviceSettings(), Label, out _);
}
