using System.Collections.Concurrent;
using Accessory.Simulator.Crypto;
using Accessory.Simulator.Nan;
using Accessory.Simulator.Nan.Control;
using Accessory.Simulator.Nan.Wpa;
using Accessory.Simulator.Net;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Nan.Control;

/// <summary>A simulated NAN radio in a test host with its control socket in a private folder, and an attached client collecting events.</summary>
internal sealed class ControlledNanRadio : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly TempDirectory _directory;
    private readonly NanControlEngine _engine;
    private readonly BlockingCollection<string> _events = new();

    private ControlledNanRadio(TempDirectory directory, UdpNanRadio radio, NanControlEngine engine, NanControlServer server, WpaControlClient client)
    {
        _directory = directory;
        Radio = radio;
        _engine = engine;
        Server = server;
        Client = client;
        client.EventReceived += _events.Add;
    }

    public UdpNanRadio Radio { get; }

    /// <summary>The control folder (wpa_supplicant's ctrl_interface): the socket is DIRECTORY/IFACE.</summary>
    public string Directory => _directory.Path;

    public NanControlServer Server { get; }

    public WpaControlClient Client { get; }

    public static ControlledNanRadio Start(LanHost host)
    {
        var directory = new TempDirectory("accessory-nanctl");
        var radio = LanRadios.Open(host);
        var engine = new NanControlEngine(radio, new SystemClock(), new DotNetCryptoProvider());
        var server = NanControlServer.Start(directory.Path, host.InterfaceName, engine);
        var client = WpaControlClient.Connect(server.SocketPath, Patience);
        var control = new ControlledNanRadio(directory, radio, engine, server, client);
        client.Attach();
        return control;
    }

    /// <summary>The first event datagram (whole, level included) whose name is <paramref name="name"/>.</summary>
    public string? WaitForEvent(string name, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Patience);
        while (DateTime.UtcNow < deadline)
        {
            if (_events.TryTake(out string? e, deadline - DateTime.UtcNow) && e.StartsWith("<3>" + name + " ", StringComparison.Ordinal))
            {
                return e.TrimEnd('\n');
            }
        }

        return null;
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
        _engine.Dispose();
        Radio.Dispose();
        _events.Dispose();
        _directory.Dispose();
    }
}
