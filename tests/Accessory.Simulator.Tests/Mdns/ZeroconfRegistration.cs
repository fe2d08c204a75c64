using System.Globalization;
using System.Net;
using Accessory.Simulator.Net;

using Accessory.Simulator.Mdns.Reference;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// A service registered by python3-zeroconf inside a namespace: a known-good responder to check the harness with
/// (and to compare our responder against). Dispose unregisters it, which sends goodbyes.
/// </summary>
internal sealed class ZeroconfRegistration : IDisposable
{
    private readonly NamespaceProcess _process;
    private int _updates;

    private ZeroconfRegistration(NamespaceProcess process)
    {
        _process = process;
    }

    public static ZeroconfRegistration Start(NetworkNamespace device, string serviceType, string instance, string host, int port, IPAddress address, params string[] txt)
    {
        var arguments = new List<string>
        {
            MdnsScripts.Register,
            "--type", serviceType,
            "--name", instance,
            "--host", host,
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--address", address.ToString(),
        };
        arguments.AddRange(txt);
        var registration = new ZeroconfRegistration(new NamespaceProcess(device, MdnsScripts.Python, arguments));
        if (registration._process.WaitForLine(l => l.Contains("\"registered\"", StringComparison.Ordinal), TimeSpan.FromSeconds(30)) == null)
        {
            var output = registration._process.AllOutput;
            registration.Dispose();
            throw new InvalidOperationException("zeroconf_register.py did not register:\n" + output);
        }

        return registration;
    }

    /// <summary>Replaces the TXT record (key=value entries) and waits until zeroconf announced it.</summary>
    public void UpdateTxt(params string[] txt)
    {
        _process.StandardInput.WriteLine("txt " + string.Join(' ', txt));
        _process.StandardInput.Flush();
        int expected = ++_updates;
        if (_process.WaitForLine(CountedUpdate(expected), TimeSpan.FromSeconds(30)) == null)
        {
            throw new InvalidOperationException("zeroconf_register.py did not update:\n" + _process.AllOutput);
        }
    }

    /// <summary>Unregisters (goodbye packets) and waits for the script to end.</summary>
    public void Unregister()
    {
        if (_process.HasExited)
        {
            return;
        }

        _process.StandardInput.WriteLine("quit");
        _process.StandardInput.Flush();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("zeroconf_register.py did not quit:\n" + _process.AllOutput);
        }
    }

    public void Dispose() => _process.Dispose();

    private Func<string, bool> CountedUpdate(int expected)
    {
        return _ =>
        {
            int seen = 0;
            foreach (var line in _process.StdoutLines)
            {
                if (line.Contains("\"updated\"", StringComparison.Ordinal))
                {
                    seen++;
                }
            }

            return seen >= expected;
        };
    }
}
