using System.Diagnostics;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>A throwaway CA plus a broker certificate for 127.0.0.1 and a client certificate, made with openssl.</summary>
internal sealed class TestCertificates
{
    public TestCertificates(string folder, string name = "test")
    {
        Folder = folder;
        CaKey = Path.Combine(folder, name + "-ca.key");
        CaCert = Path.Combine(folder, name + "-ca.pem");
        ServerKey = Path.Combine(folder, name + "-server.key");
        ServerCert = Path.Combine(folder, name + "-server.pem");
        ClientKey = Path.Combine(folder, name + "-client.key");
        ClientCert = Path.Combine(folder, name + "-client.pem");
        var ext = Path.Combine(folder, name + "-server.ext");
        File.WriteAllText(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");

        OpenSsl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", CaKey,
            "-out", CaCert, "-days", "2", "-subj", "/CN=" + name + " test CA");
        Sign(ServerKey, ServerCert, "/CN=127.0.0.1", ext);
        Sign(ClientKey, ClientCert, "/CN=accessory-test-client", null);

        // mosquitto started as root drops to the mosquitto user before reading its key; this key is throwaway.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(ServerKey, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    public string Folder { get; }

    public string CaKey { get; }

    public string CaCert { get; }

    public string ServerKey { get; }

    public string ServerCert { get; }

    public string ClientKey { get; }

    public string ClientCert { get; }

    private void Sign(string key, string cert, string subject, string? extFile)
    {
        var csr = cert + ".csr";
        OpenSsl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key, "-out", csr, "-subj", subject);
        var args = new List<string> { "x509", "-req", "-in", csr, "-CA", CaCert, "-CAkey", CaKey, "-CAcreateserial", "-out", cert, "-days", "2" };
        if (extFile is not null)
        {
            args.Add("-extfile");
            args.Add(extFile);
        }

        OpenSsl(args.ToArray());
    }

    private static void OpenSsl(params string[] args)
    {
        var start = new ProcessStartInfo("openssl") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException("openssl " + args[0] + " failed: " + error.Result);
        }
    }
}
