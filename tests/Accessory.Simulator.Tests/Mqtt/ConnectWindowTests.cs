using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Accessory.Core.Ports;
using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// <see cref="ConnectWindow"/> with real <see cref="MqttNetLink"/>s against Debian's mosquitto and against a real
/// socket that accepts TCP but never answers MQTT (a broker that swallows connects).
/// </summary>
public sealed class ConnectWindowTests
{
    [Fact]
    public void Links_sharing_a_one_slot_window_all_connect()
    {
        using var broker = new Mosquitto();
        var window = new ConnectWindow(1);
        var probes = Enumerable.Range(0, 8).Select(_ => new LinkProbe(new MqttNetLink(broker.Uri, window: window))).ToArray();
        try
        {
            for (int i = 0; i < probes.Length; i++)
            {
                probes[i].Link.Connect(Options(i));
            }

            foreach (var probe in probes)
            {
                Assert.Equal((true, "connected"), probe.NextChange());
            }
        }
        finally
        {
            foreach (var probe in probes)
            {
                probe.Dispose();
            }
        }
    }

    [Fact]
    public void A_handshake_nobody_answers_gives_its_slot_back_after_the_hold_limit()
    {
        using var broker = new Mosquitto();
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        try
        {
            int silentPort = ((IPEndPoint)silent.LocalEndpoint).Port;
            var window = new ConnectWindow(1, TimeSpan.FromSeconds(1));
            using var stuck = new LinkProbe(new MqttNetLink(BrokerUri.Parse("mqtt://127.0.0.1:" + silentPort.ToString(CultureInfo.InvariantCulture)), window: window));
            using var next = new LinkProbe(new MqttNetLink(broker.Uri, window: window));

            // The first link takes the only slot before Connect returns; its CONNECT is never answered.
            stuck.Link.Connect(Options(0));
            var clock = Stopwatch.StartNew();
            next.Link.Connect(Options(1));

            // Within the probe's 10 s: held back by the window until the hold limit, not until MQTTnet gives up.
            Assert.Equal((true, "connected"), next.NextChange());
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(10));
        }
        finally
        {
            silent.Stop();
        }
    }

    private static MqttSessionOptions Options(int i) =>
        new("window-" + i.ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8], 30, true, string.Empty, Array.Empty<byte>(), false);
}
