using System.CommandLine;
using Accessory.Simulator.Cli.Qa;

namespace Accessory.Simulator.Cli;

/// <summary>
/// `accessory-sim test FILE.yaml...`: loads every scenario first (any error is `file:line`, exit 2, nothing started),
/// runs them against the target, writes the reports; exit 0 when every case passed, 1 otherwise.
/// </summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var files = new Argument<string[]>("files") { Description = "Scenario files (YAML); see docs/qa.md.", Arity = ArgumentArity.OneOrMore };
        var target = new Option<string>("--target") { Description = "simulator (an in-process device per case, the default), device (a running board reached at its addresses) or firmware (the firmware body on the emulated board, a child process per case; steps it cannot take are refused by name).", DefaultValueFactory = _ => "simulator" };
        target.AcceptOnlyFromAmong("simulator", "firmware", "device");
        var junit = new Option<string?>("--junit") { Description = "Write a JUnit XML report here." };
        var html = new Option<string?>("--html") { Description = "Write a self-contained HTML report here." };
        var deviceHost = new Option<string?>("--device-host") { Description = "--target device: the board's SoftAP/HTTP provisioning address, HOST:PORT (192.168.4.1:80)." };
        var deviceControl = new Option<string?>("--device-control") { Description = "--target device: a control API serving GET /status (e.g. a simulator standing in), HOST:PORT; lets 'wait' steps run." };
        var deviceApi = new Option<string?>("--device-api") { Description = "--target device: the board's local API, HOST:PORT (HTTPS; its certificate is pinned on first use)." };
        var deviceToken = new Option<FileInfo?>("--device-token-file") { Description = "--target device: the local API access token (a file only you can read, as `provision --token-file` writes it); sent as Authorization: Bearer by api and websocket steps, and rewritten by a provision step with the token the device gives." };
        var command = new Command("test", "Run QA scenario files against a target and report (exit 0 all passed, 1 a failure, 2 a bad file or option, 130 interrupted).")
        {
            files, target, junit, html, deviceHost, deviceApi, deviceControl, deviceToken,
        };
        command.SetAction(async (result, cancel) =>
        {
            var scenarios = new List<Scenario>();
            foreach (var file in result.GetValue(files)!)
            {
                try
                {
                    scenarios.Add(ScenarioLoader.Load(file));
                }
                catch (ScenarioFileException e)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
                    return 2;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"error: cannot read {file}: {e.Message}").ConfigureAwait(false);
                    return 2;
                }
            }

            string name = result.GetValue(target)!;
            if (name == "firmware")
            {
                foreach (var scenario in scenarios)
                {
                    if (FirmwareTarget.Check(scenario) is { } refusal)
                    {
                        await Console.Error.WriteLineAsync($"error: {refusal}").ConfigureAwait(false);
                        return 2;
                    }
                }
            }

            Uri? provisioningAddress = null;
            Uri? apiAddress = null;
            Uri? controlAddress = null;
            if (name == "device")
            {
                if (!TryAddress(result.GetValue(deviceHost), "http", out provisioningAddress) || provisioningAddress == null)
                {
                    await Console.Error.WriteLineAsync("error: target device needs --device-host HOST:PORT (the board's SoftAP provisioning address, e.g. 192.168.4.1:80)").ConfigureAwait(false);
                    return 2;
                }

                if (!TryAddress(result.GetValue(deviceApi), "https", out apiAddress))
                {
                    await Console.Error.WriteLineAsync($"error: --device-api '{result.GetValue(deviceApi)}' is not HOST:PORT").ConfigureAwait(false);
                    return 2;
                }

                if (!TryAddress(result.GetValue(deviceControl), "http", out controlAddress))
                {
                    await Console.Error.WriteLineAsync($"error: --device-control '{result.GetValue(deviceControl)}' is not HOST:PORT").ConfigureAwait(false);
                    return 2;
                }

                if (result.GetValue(deviceToken) is { } tokenFile && RealDeviceTarget.TokenFileProblem(tokenFile) is { } tokenProblem)
                {
                    await Console.Error.WriteLineAsync($"error: {tokenProblem}").ConfigureAwait(false);
                    return 2;
                }

                foreach (var scenario in scenarios)
                {
                    if (Accessory.Simulator.Cli.Qa.RealDeviceTarget.Check(scenario, apiAddress != null, controlAddress != null) is { } refusal)
                    {
                        await Console.Error.WriteLineAsync($"error: {refusal}").ConfigureAwait(false);
                        return 2;
                    }
                }
            }

            using var stop = new StopSignal(cancel);
            var cases = await new ScenarioRunner(Console.Out, provisioningAddress, apiAddress, controlAddress, name == "device" ? result.GetValue(deviceToken) : null).RunAsync(scenarios, name, stop.Token).ConfigureAwait(false);
            if (stop.Token.IsCancellationRequested)
            {
                Console.Out.WriteLine("interrupted: the reports hold the cases run so far");
            }

            int failed = cases.Count(c => !c.Passed);
            Console.Out.WriteLine($"{cases.Count - failed} passed, {failed} failed of {cases.Count}");
            if (result.GetValue(junit) is { } junitPath)
            {
                JUnitReport.Write(junitPath, cases);
                Console.Out.WriteLine($"junit: {junitPath}");
            }

            if (result.GetValue(html) is { } htmlPath)
            {
                HtmlReport.Write(htmlPath, cases);
                Console.Out.WriteLine($"html:  {htmlPath}");
            }

            return stop.Token.IsCancellationRequested ? 130 : failed == 0 ? 0 : 1;
        });
        return command;
    }

    // HOST:PORT into a base address; true with null when nothing was given.
    private static bool TryAddress(string? text, string scheme, out Uri? address)
    {
        address = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (Uri.TryCreate(scheme + "://" + text + "/", UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && !text.Contains('/', StringComparison.Ordinal))
        {
            address = uri;
            return true;
        }

        return false;
    }
}
