using Accessory.Simulator.Net;

namespace Accessory.Simulator.Mdns.Reference;

/// <summary>
/// avahi-daemon as the responder of a device namespace, publishing static services, with D-Bus off. A reference
/// responder for checking the clients and the load generator. Dispose stops it (SIGTERM: goodbyes) and removes its files.
/// </summary>
public sealed class AvahiResponder : IDisposable
{
    private readonly DirectoryInfo _folder;
    private readonly NamespaceProcess _process;

    private AvahiResponder(DirectoryInfo folder, NamespaceProcess process)
    {
        _folder = folder;
        _process = process;
    }

    public string Log => _process.AllOutput;

    /// <summary>avahi-daemon's pid (the shell execs it), e.g. to read its CPU time.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts avahi on <paramref name="host"/> and waits until every service is established.</summary>
    /// <param name="services">instance name, service type (e.g. _acc._tcp), port, TXT entries.</param>
    public static AvahiResponder Start(LanHost host, string hostName, params (string Instance, string Type, int Port, string[] Txt)[] services)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(services);
        var folder = Directory.CreateTempSubdirectory("accessory-avahi-");
        try
        {
            AvahiConfig.Write(folder.FullName, hostName, host.InterfaceName, dbus: false, publish: true);
            for (int i = 0; i < services.Length; i++)
            {
                var (instance, type, port, txt) = services[i];
                AvahiConfig.WriteService(folder.FullName, "s" + i, instance, type, port, txt);
            }

            var process = new NamespaceProcess(host.Namespace, "/bin/sh", ["-c", AvahiConfig.IsolateMounts + "exec " + AvahiConfig.DaemonCommand, "sh", folder.FullName]);
            var responder = new AvahiResponder(folder, process);
            string? ready = process.WaitForLine(l => l.Contains("Server startup complete", StringComparison.Ordinal), TimeSpan.FromSeconds(30), includeStderr: true);
            foreach (var service in services)
            {
                string expected = "Service \"" + service.Instance + "\"";
                if (ready != null)
                {
                    ready = process.WaitForLine(
                        l => l.Contains(expected, StringComparison.Ordinal) && l.Contains("successfully established", StringComparison.Ordinal),
                        TimeSpan.FromSeconds(30),
                        includeStderr: true);
                }
            }

            if (ready == null)
            {
                var log = process.AllOutput;
                responder.Dispose();
                throw new InvalidOperationException("avahi-daemon did not come up in " + host.Namespace.Name + ":\n" + log);
            }

            return responder;
        }
        catch
        {
            Remove(folder);
            throw;
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        Remove(_folder);
    }

    private static void Remove(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover config folder in /tmp is harmless; never mask the caller's result.
        }
    }
}
