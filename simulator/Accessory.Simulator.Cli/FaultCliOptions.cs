using System.CommandLine;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Cli;

/// <summary>The `run` options that inject faults from start and expose the fault control API.</summary>
internal sealed class FaultCliOptions
{
    public const int DefaultControlPort = 8700;

    public Option<string[]> Fault { get; } = new("--fault")
    {
        Description = "Fault active from start, as NAME or NAME:param=value,... (repeatable; see `accessory-sim faults catalogue`).",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<FileInfo?> Scenario { get; } = new("--scenario")
    {
        Description = "YAML file listing faults active from start (see docs/examples/faults-ios-9816.yaml).",
    };

    public Option<int> ControlPort { get; } = ControlPortOption("Port of the fault control API on 127.0.0.1 (0 = any free port).");

    public IEnumerable<Option> All => new Option[] { Fault, Scenario, ControlPort };

    /// <summary>The control port option, shared in shape with the `faults` client command.</summary>
    public static Option<int> ControlPortOption(string description) => new("--control-port")
    {
        Description = description,
        DefaultValueFactory = _ => DefaultControlPort,
    };

    /// <summary>The scenario's faults, then each --fault (a --fault replaces a scenario fault of the same name).</summary>
    /// <exception cref="ArgumentException">A spec, the scenario file or the port is invalid; the message says which and why.</exception>
    public ActiveFaults Build(ParseResult result, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var specs = new List<FaultSpec>();
        var scenario = result.GetValue(Scenario);
        if (scenario != null)
        {
            try
            {
                specs.AddRange(FaultScenarioLoader.Load(scenario.FullName));
            }
            catch (FaultScenarioException e)
            {
                throw new ArgumentException("--scenario " + e.Message, e);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"--scenario {scenario.FullName}: cannot read it: {e.Message}", e);
            }
        }

        foreach (string text in result.GetValue(Fault) ?? [])
        {
            try
            {
                specs.Add(FaultSpec.Parse(text));
            }
            catch (FaultSpecException e)
            {
                throw new ArgumentException($"--fault '{text}': {e.Message}", e);
            }
        }

        GetControlPort(result);
        var faults = new ActiveFaults(time);
        faults.SetAll(specs);
        return faults;
    }

    /// <exception cref="ArgumentException">The port is outside 0..65535.</exception>
    public int GetControlPort(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        int port = result.GetValue(ControlPort);
        return port is >= 0 and <= 65535 ? port : throw new ArgumentException($"--control-port {port} is not a port (0..65535; 0 = any free port)");
    }

    /// <summary>A started control API for <paramref name="faults"/> on 127.0.0.1.</summary>
    /// <exception cref="ArgumentException">The port is invalid or taken.</exception>
    public FaultControlServer StartControlServer(ParseResult result, ActiveFaults faults, Microsoft.Extensions.Logging.ILogger? logger = null)
    {
        int port = GetControlPort(result);
        var server = new FaultControlServer(faults, port, logger: logger);
        try
        {
            server.Start();
            return server;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new ArgumentException($"--control-port {port}: cannot listen on 127.0.0.1:{port}: {e.Message}", e);
        }
    }
}
