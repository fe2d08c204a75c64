using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Faults;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Bodies;

/// <summary>
/// `accessory-sim run --body simulator|firmware` as a real child process, with what its start-up output says: the
/// provisioning endpoint, the QR's proof of possession, the device id, the local API's URL and the certificate to
/// trust. Both bodies are started with the same options where they apply (sec1 with a PoP, fast radio timing,
/// chosen ports); the simulator also gets a free port for its fault control API, which the firmware has not.
/// </summary>
internal sealed partial class RunningBody : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string? _phoneNamespace;

    private RunningBody(string body, ChildProcess process, string dataDirectory, LanHost? lanHost, string? phoneNamespace)
    {
        Body = body;
        Process = process;
        DataDirectory = dataDirectory;
        _phoneNamespace = phoneNamespace;
        Name = NameField().Match(Line("device:")).Groups[1].Value;
        // A provisioned device offers no provisioning, so these lines are printed only while it does.
        string? provisioning = OptionalLine("provisioning:");
        Endpoint = provisioning == null ? string.Empty : EndpointUrl().Match(provisioning).Groups[1].Value;
        if (lanHost != null && Endpoint.Length > 0)
        {
            // On the LAN the phone reaches the device's address, not its loopback.
            Endpoint = lanHost.IPv4 + Endpoint[Endpoint.IndexOf(':', StringComparison.Ordinal)..];
        }

        Pop = provisioning == null ? string.Empty : PopField().Match(Line("qr payload:")).Groups[1].Value;
        DeviceId = IdField().Match(Line("device:")).Groups[1].Value;
        string api = Line("local api:");
        ApiBase = ApiUrl().Match(api).Groups[1].Value.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        TrustFile = api[(api.IndexOf("trust ", StringComparison.Ordinal) + 6)..].Trim();
    }

    public string Body { get; }

    /// <summary>The device's name (PROV_XXXXXX), as its mDNS instance name.</summary>
    public string Name { get; }

    public ChildProcess Process { get; }

    public string DataDirectory { get; }

    /// <summary>host:port of the provisioning HTTP server; empty when the device did not offer provisioning.</summary>
    public string Endpoint { get; }

    public string Pop { get; }

    public string DeviceId { get; }

    /// <summary>https://localhost:PORT (the device certificates name localhost).</summary>
    public string ApiBase { get; }

    public string TrustFile { get; }

    /// <param name="lanHost">Runs the device in this host's namespace and advertises it over mDNS on its interface.</param>
    /// <param name="phoneNamespace">Where provision.py runs (with <paramref name="lanHost"/>: the phone's namespace).</param>
    /// <param name="extraArgs">More `run` options, the same for both bodies (e.g. `--pop ""`, `--radio-env FILE`).</param>
    public static RunningBody Start(string body, string dataDirectory, int? brokerPort = null, LanHost? lanHost = null, string? phoneNamespace = null, IEnumerable<string>? extraArgs = null)
    {
        var args = new List<string>
        {
            "run", "--body", body, "--data-dir", dataDirectory, "--timing", "fast",
            "--http-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
            "--api-port", FreePort.Next().ToString(CultureInfo.InvariantCulture),
        };
        if (brokerPort is int port)
        {
            args.AddRange(new[] { "--broker", "mqtt://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) });
        }
        else
        {
            args.Add("--no-cloud");
        }

        if (body == "simulator")
        {
            args.AddRange(new[] { "--sec", "1", "--control-port", "0" });
        }

        if (lanHost != null)
        {
            args.AddRange(new[] { "--mdns-interface", lanHost.InterfaceName });
            if (body == "simulator")
            {
                // The board's servers listen on all its addresses; the simulator's on loopback unless told.
                args.AddRange(new[] { "--bind", "0.0.0.0" });
            }
        }

        if (extraArgs != null)
        {
            args.AddRange(extraArgs);
        }

        var process = new ChildProcess(BuildPaths.SimulatorCli, args, networkNamespace: lanHost?.Namespace.Name);
        if (!process.WaitForLine(l => l.StartsWith("ready", StringComparison.Ordinal), Patience))
        {
            string output = process.AllOutput;
            process.Dispose();
            throw new InvalidOperationException($"run --body {body} never became ready:\n{output}");
        }

        return new RunningBody(body, process, dataDirectory, lanHost, phoneNamespace);
    }

    /// <summary>docs/examples/provision.py (Debian's Python) as the phone; returns its exit code and output.</summary>
    public (int ExitCode, string Output) Provision(params string[] args)
    {
        var start = new ProcessStartInfo(_phoneNamespace == null ? "/usr/bin/python3" : "/usr/sbin/ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_phoneNamespace != null)
        {
            foreach (var arg in new[] { "netns", "exec", _phoneNamespace, "/usr/bin/python3" })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in new[] { BuildPaths.ProvisionScript, "--host", Endpoint, "--sec", "1" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var phone = System.Diagnostics.Process.Start(start)!;
        var stdout = phone.StandardOutput.ReadToEndAsync();
        var stderr = phone.StandardError.ReadToEndAsync();
        if (!phone.WaitForExit(Patience))
        {
            phone.Kill();
            throw new TimeoutException("provision.py did not finish:\n" + Process.AllOutput);
        }

        return (phone.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Provisions HomeNetwork with the right PoP and passphrase; the access token lands in <paramref name="tokenFile"/>.</summary>
    public void ProvisionHome(string tokenFile)
    {
        var (exit, output) = Provision("--pop", Pop, "--token-file", tokenFile, "--ssid", "HomeNetwork", "--passphrase", "correct horse battery");
        Assert.True(exit == 0 && output.Contains("\"state\": \"Connected\"", StringComparison.Ordinal), $"{Body}: provision.py said:\n{output}\ndevice:\n{Process.AllOutput}");
    }

    /// <summary>The arrange step most two-body rows share: provisioned onto HomeNetwork by provision.py, then online.</summary>
    public void ProvisionHomeUntilOnline(string tokenFile)
    {
        ProvisionHome(tokenFile);
        Assert.True(WaitForLog("-> online", Patience), Process.AllOutput);
    }

    /// <summary>Waits for a log line (the simulator's log and the board's console both go to stderr).</summary>
    public bool WaitForLog(string fragment, TimeSpan timeout, int occurrences = 1)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Process.StderrLines.Count(l => l.Contains(fragment, StringComparison.Ordinal)) >= occurrences)
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    public (int Status, string Body) Api(string path, string? token = null)
    {
        var args = new List<string> { "--cacert", TrustFile };
        if (token != null)
        {
            args.AddRange(new[] { "-H", "Authorization: Bearer " + token });
        }

        args.Add(ApiBase + path);
        return Curl.Run(args.ToArray());
    }

    public void Stop()
    {
        Process.Interrupt();
        int exit = Process.WaitForExit(Patience);
        Assert.True(exit == 0, $"run --body {Body} exited with {exit} on Ctrl+C:\n{Process.AllOutput}");
    }

    public void Dispose() => Process.Dispose();

    private string? OptionalLine(string prefix) => Process.StdoutLines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));

    private string Line(string prefix) =>
        OptionalLine(prefix)
        ?? throw new InvalidOperationException($"run --body {Body} printed no '{prefix}' line:\n{Process.AllOutput}");

    [GeneratedRegex(@"^device:\s+(\S+)")]
    private static partial Regex NameField();

    [GeneratedRegex(@"http://([0-9.]+:[0-9]+)")]
    private static partial Regex EndpointUrl();

    [GeneratedRegex("\"pop\":\"([^\"]+)\"")]
    private static partial Regex PopField();

    [GeneratedRegex(@"\(id ([0-9A-F]+)\)")]
    private static partial Regex IdField();

    [GeneratedRegex(@"(https://[0-9.]+:[0-9]+)/api/v1/info")]
    private static partial Regex ApiUrl();
}
