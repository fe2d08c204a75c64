using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Accessory.Core.Settings;
using Accessory.Core.Text;
using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Tests.Tls;

public class DeviceCertificateTests
{
    private const string Label = "desk-lamp-a1b2c3";

    [Fact]
    public void The_certificate_is_generated_once_and_survives_a_settings_round_trip()
    {
        var settings = new DeviceSettings();
        using var first = DeviceCertificate.LoadOrCreate(settings, Label, out bool created);
        Assert.True(created);
        Assert.Null(first.RegeneratedBecause);

        var reloaded = SettingsCodec.Decode(SettingsCodec.Encode(settings));
        using var second = DeviceCertificate.LoadOrCreate(reloaded, Label, out created);
        Assert.False(created);
        Assert.Equal(first.Sha256Fingerprint, second.Sha256Fingerprint);
        Assert.True(second.Certificate.HasPrivateKey);
        Assert.Equal(first.ExportPrivateKeyPem(), second.ExportPrivateKeyPem());
    }

    [Fact]
    public void The_certificate_has_the_documented_profile()
    {
        var settings = new DeviceSettings();
        settings.SetString(SettingKeys.DeviceName, "Desk lamp");
        using var device = DeviceCertificate.LoadOrCreate(settings, Label, out _);
        var cert = device.Certificate;

        Assert.Equal("CN=Desk lamp", cert.Subject);
        Assert.Equal(cert.Subject, cert.Issuer);
        using var key = cert.GetECDsaPublicKey()!;
        Assert.Equal("1.2.840.10045.3.1.7", key.ExportParameters(false).Curve.Oid.Value);
        Assert.InRange(cert.NotBefore.ToUniversalTime(), DateTime.UtcNow.AddDays(-1).AddMinutes(-5), DateTime.UtcNow.AddDays(-1).AddMinutes(5));
        Assert.InRange(cert.NotAfter.ToUniversalTime(), DateTime.UtcNow.AddYears(10).AddMinutes(-5), DateTime.UtcNow.AddYears(10).AddMinutes(5));

        var san = cert.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(new[] { Label + ".local", "localhost" }, san.EnumerateDnsNames().ToArray());
        Assert.Equal(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }, san.EnumerateIPAddresses().ToArray());
        var eku = cert.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal("1.3.6.1.5.5.7.3.1", Assert.Single(eku.EnhancedKeyUsages.Cast<Oid>()).Value);

        Assert.True(settings.GetBytes(SettingKeys.TlsCertificate)!.Length <= SettingsCodec.MaxValueLength);
        Assert.True(SettingKeys.IsSecret(SettingKeys.TlsPrivateKey));
    }

    [Fact]
    public void Without_a_stored_name_the_host_label_is_the_common_name()
    {
        using var device = DeviceCertificate.LoadOrCreate(new DeviceSettings(), Label, out _);
        Assert.Equal("CN=" + Label, device.Certificate.Subject);
    }

    [Theory]
    [InlineData("garbage-cert", "the certificate does not parse")]
    [InlineData("garbage-key", "the private key does not parse")]
    [InlineData("foreign-key", "the private key does not belong to the certificate")]
    [InlineData("no-cert", "a private key without a certificate")]
    [InlineData("no-key", "a certificate without a private key")]
    [InlineData("text-cert", "certificate or key not stored as bytes")]
    [InlineData("renamed", "the certificate does not name other-label.local")]
    [InlineData("rsa", "the certificate is not ECDSA P-256")]
    [InlineData("expired", "the certificate expired on ")]
    public void A_damaged_stored_certificate_is_regenerated_with_a_logged_reason_and_no_key_material(string damage, string reason)
    {
        var settings = new DeviceSettings();
        string label = Label;
        using (DeviceCertificate.LoadOrCreate(settings, Label, out _))
        {
        }

        var oldKey = settings.GetBytes(SettingKeys.TlsPrivateKey)!;
        Damage(settings, damage, ref label);
        var log = new RecordingLog();

        using var device = DeviceCertificate.LoadOrCreate(settings, label, log, out bool created);

        Assert.True(created);
        Assert.StartsWith(reason, device.RegeneratedBecause, StringComparison.Ordinal);
        Assert.Contains(log.Lines, l => l.Contains("stored device certificate unusable (" + reason, StringComparison.Ordinal));
        var newKey = settings.GetBytes(SettingKeys.TlsPrivateKey)!;
        Assert.NotEqual(oldKey, newKey);
        foreach (var line in log.Lines)
        {
            foreach (var key in new[] { oldKey, newKey })
            {
                Assert.DoesNotContain(Convert.ToBase64String(key)[..24], line, StringComparison.Ordinal);
                Assert.DoesNotContain(Hex.Encode(key)[..24], line, StringComparison.OrdinalIgnoreCase);
            }

            Assert.DoesNotContain("PRIVATE KEY", line, StringComparison.Ordinal);
        }

        using var again = DeviceCertificate.LoadOrCreate(settings, label, log, out created);
        Assert.False(created);
    }

    [Fact]
    public void Settings_show_never_prints_the_private_key()
    {
        var settings = new DeviceSettings();
        using var device = DeviceCertificate.LoadOrCreate(settings, Label, out _);
        var key = settings.GetBytes(SettingKeys.TlsPrivateKey)!;
        var keyPem = device.ExportPrivateKeyPem();

        var shown = new List<string>();
        for (int i = 0; i < settings.Count; i++)
        {
            shown.Add(settings[i].Key + " = " + SettingsDisplay.Format(settings[i]));
        }

        var text = string.Join("\n", shown);
        Assert.Contains(SettingKeys.TlsPrivateKey + " = " + SettingsDisplay.Redacted, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Hex.Encode(key)[..16], text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Convert.ToBase64String(key)[..16], text, StringComparison.Ordinal);
        Assert.DoesNotContain(keyPem.Split('\n')[1], text, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE", device.ToString(), StringComparison.Ordinal);
    }

    private static void Damage(DeviceSettings settings, string damage, ref string label)
    {
        switch (damage)
        {
            case "garbage-cert":
                settings.SetBytes(SettingKeys.TlsCertificate, new byte[] { 0x30, 0x82, 0x01 });
                break;
            case "garbage-key":
                settings.SetBytes(SettingKeys.TlsPrivateKey, new byte[] { 0x30, 0x03, 0x02, 0x01, 0x00 });
                break;
            case "foreign-key":
                using (var other = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    settings.SetBytes(SettingKeys.TlsPrivateKey, other.ExportPkcs8PrivateKey());
                }

                break;
            case "no-cert":
                settings.Remove(SettingKeys.TlsCertificate);
                break;
            case "no-key":
                settings.Remove(SettingKeys.TlsPrivateKey);
                break;
            case "text-cert":
                settings.Remove(SettingKeys.TlsCertificate);
                settings.SetString(SettingKeys.TlsCertificate, "-----BEGIN CERTIFICATE-----");
                break;
            case "renamed":
                label = "other-label";
                break;
            case "rsa":
                using (var rsa = RSA.Create(2048))
                {
                    var request = new CertificateRequest("CN=rsa", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
                    settings.SetBytes(SettingKeys.TlsCertificate, cert.RawData);
                }

                break;
            case "expired":
                using (var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256))
                {
                    var request = new CertificateRequest("CN=old", ec, HashAlgorithmName.SHA256);
                    using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1));
                    settings.SetBytes(SettingKeys.TlsCertificate, cert.RawData);
                    settings.SetBytes(SettingKeys.TlsPrivateKey, ec.ExportPkcs8PrivateKey());
                }

                break;
        }
    }
}
