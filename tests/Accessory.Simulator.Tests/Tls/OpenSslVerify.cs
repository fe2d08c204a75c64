using System.Diagnostics;

namespace Accessory.Simulator.Tests.Tls;

/// <summary>Runs the real <c>openssl verify</c>, the same checks a TLS client on the host makes of a served chain.</summary>
internal static class OpenSslVerify
{
    public const string OpenSsl = "/usr/bin/openssl";

    /// <summary>Splits <paramref name="chainPemFile"/> into leaf and intermediates and verifies the leaf; returns stdout + stderr.</summary>
    public static string Run(string chainPemFile, string caFile, params string[] checks)
    {
        var pem = File.ReadAllText(chainPemFile);
        var certificates = new List<string>();
        const string End = "-----END CERTIFICATE-----";
        int start = 0;
        int end;
        while ((end = pem.IndexOf(End, start, StringComparison.Ordinal)) >= 0)
        {
            certificates.Add(pem[start..(end + End.Length)].Trim() + "\n");
            start = end + End.Length;
        }

        Assert.NotEmpty(certificates);
        var folder = Path.GetDirectoryName(chainPemFile)!;
        var leaf = Path.Combine(folder, "verify-leaf.pem");
        File.WriteAllText(leaf, certificates[0]);
        var args = new List<string> { "verify", "-CAfile", caFile };
        if (certificates.Count > 1)
        {
            var untrusted = Path.Combine(folder, "verify-untrusted.pem");
            File.WriteAllText(untrusted, string.Concat(certificates.Skip(1)));
            args.Add("-untrusted");
            args.Add(untrusted);
        }

        args.AddRange(checks);
        args.Add(leaf);
        var start2 = new ProcessStartInfo(OpenSsl) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start2.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start2) ?? throw new InvalidOperationException("openssl did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "openssl verify hung");
        return output + error.Result;
    }
}
