using Accessory.Simulator.Tls;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>Settings that cannot make a working context fail at construction with a message naming the problem.</summary>
public sealed class TlsServerContextTests : TlsTestBase
{
    [Fact]
    public void Missing_chain_file_is_named()
    {
        var missing = Path.Combine(FolderPath, "absent.pem");

        var error = Assert.Throws<TlsSetupException>(() => new TlsServerContext(SelfSigned() with { ChainPemFile = missing }));

        Assert.Equal($"certificate chain file not found: '{missing}'", error.Message);
    }

    [Fact]
    public void Key_that_does_not_match_the_certificate_is_refused_without_showing_the_key()
    {
        var error = Assert.Throws<TlsSetupException>(() => new TlsServerContext(SelfSigned() with { KeyPemFile = Certificates.OtherKey }));

        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
        Assert.Contains("key values mismatch", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.Message, StringComparison.Ordinal);
        var keyBody = File.ReadAllLines(Certificates.OtherKey)[1];
        Assert.DoesNotContain(keyBody, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chain_file_that_is_not_pem_reports_openssls_reason()
    {
        var notPem = Path.Combine(FolderPath, "not.pem");
        File.WriteAllText(notPem, "not a certificate\n");

        var error = Assert.Throws<TlsSetupException>(() => new TlsServerContext(SelfSigned() with { ChainPemFile = notPem }));

        Assert.StartsWith($"cannot load certificate chain '{notPem}': ", error.Message, StringComparison.Ordinal);
        Assert.Contains("no start line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Minimum_above_maximum_is_refused()
    {
        var settings = SelfSigned() with { MinVersion = TlsProtocolVersion.Tls13, MaxVersion = TlsProtocolVersion.Tls12 };

        var error = Assert.Throws<TlsSetupException>(() => new TlsServerContext(settings));

        Assert.Equal("TLS minimum version Tls13 is above the maximum Tls12", error.Message);
    }
}
