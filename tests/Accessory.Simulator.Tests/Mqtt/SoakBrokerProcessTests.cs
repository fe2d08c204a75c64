using System.Diagnostics;
using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// The process `bench broker-soak` measures (`accessory-sim __soak-broker`), as a real process with a real MQTT client:
/// it serves the embedded broker on the address it prints, answers the bench's requests one line each, refuses an
/// unknown one without stopping, and ends when its stdin closes. (The soak's figures are a benchmark's, not tested.)
/// </summary>
public sealed class SoakBrokerProcessTests
{
    [Fact]
    public void Serves_mqtt_answers_requests_and_ends_when_its_stdin_closes()
    {
        using var broker = ChildProcess.Run(BuildPaths.SimulatorCli, "__soak-broker");
        Assert.True(broker.WaitForLine(l => l.StartsWith("ready mqtt://127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), broker.AllOutput);
        string uri = broker.StdoutLines.First(l => l.StartsWith("ready ", StringComparison.Ordinal))["ready ".Length..];
        string port = uri[(uri.LastIndexOf(':') + 1)..];

        var publish = Process.Start(new ProcessStartInfo("mosquitto_pub", ["-h", "127.0.0.1", "-p", port, "-i", "soak-check", "-t", "soak/check", "-m", "1", "-q", "1"]) { RedirectStandardError = true })!;
        Assert.True(publish.WaitForExit(TimeSpan.FromSeconds(20)), "mosquitto_pub did not finish");
        Assert.True(publish.ExitCode == 0, "mosquitto_pub failed: " + publish.StandardError.ReadToEnd());

        // The client has left: no connection stays open, MQTTnet keeps no session, the broker gave memory back once.
        string status = AskUntil(broker, "status", l => l.Contains(" connections=0 ", StringComparison.Ordinal) && l.Contains(" sessions=0 ", StringComparison.Ordinal) && !l.Contains(" trims=0 ", StringComparison.Ordinal));
        Assert.Matches(@"^status connections=0 sessions=0 trims=[1-9]\d* managed=\d+ committed=\d+ jit-methods=\d+ jit-ms=\d+ gc=workstation$", status);

        string refused = Ask(broker, "bogus");
        Assert.Equal("error: unknown request 'bogus' (known: settle, collect, status)", refused);
        Assert.StartsWith("status connections=0 ", Ask(broker, "status"), StringComparison.Ordinal);
        Assert.Equal("collected", Ask(broker, "collect"));

        broker.CloseInput();
        Assert.Equal(0, broker.WaitForExit(TimeSpan.FromSeconds(15)));
    }

    /// <summary>
    /// Clients that reset their connection (RST) before, during and after the CONNECT exchange, as a loaded bench's
    /// links do when they time out: the broker keeps serving, keeps no connection or session, and throws no socket
    /// exception for them. A socket exception from a call that failed at once is created with a stack trace read
    /// with file and line from the PDBs, which maps System.Reflection.Metadata (~2 MB) into the process for good: the
    /// step loaded soaks showed (docs/fleet.md). Planted once: the gate's relay back on Socket.ReceiveAsync mapped it.
    /// </summary>
    [Fact]
    public void Clients_resetting_mid_handshake_leave_no_connection_and_map_no_stack_trace_reader()
    {
        using var broker = ChildProcess.Run(BuildPaths.SimulatorCli, "__soak-broker");
        Assert.True(broker.WaitForLine(l => l.StartsWith("ready mqtt://127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), broker.AllOutput);
        string uri = broker.StdoutLines.First(l => l.StartsWith("ready ", StringComparison.Ordinal))["ready ".Length..];
        int port = int.Parse(uri[(uri.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(MapsStackTraceReader(broker.Pid), "mapped before any client");

        // MQTT 3.1.1 CONNECT, clean session, keep-alive 60 s, client id "r".
        byte[] connect = [0x10, 13, 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 4, 2, 0, 60, 0, 1, (byte)'r'];
        for (int i = 0; i < 300; i++)
        {
            using var client = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            client.Connect(System.Net.IPAddress.Loopback, port);
            switch (i % 3)
            {
                case 0:
                    client.Send(connect.AsSpan(0, 1));
                    break;
                case 1:
                    client.Send(connect);
                    break;
                default:
                    // After the CONNACK: the reset then meets MQTTnet's connected client.
                    client.Send(connect);
                    var connack = new byte[4];
                    client.ReceiveTimeout = 10_000;
                    Assert.Equal(4, client.Receive(connack));
                    break;
            }

            client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
            client.Close();
        }

        var publish = Process.Start(new ProcessStartInfo("mosquitto_pub", ["-h", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-i", "after-resets", "-t", "soak/check", "-m", "1", "-q", "1"]) { RedirectStandardError = true })!;
        Assert.True(publish.WaitForExit(TimeSpan.FromSeconds(20)), "mosquitto_pub did not finish");
        Assert.True(publish.ExitCode == 0, "mosquitto_pub failed after the resets: " + publish.StandardError.ReadToEnd());

        string status = AskUntil(broker, "status", l => l.Contains(" connections=0 ", StringComparison.Ordinal) && l.Contains(" sessions=0 ", StringComparison.Ordinal));
        Assert.StartsWith("status connections=0 sessions=0 ", status, StringComparison.Ordinal);
        Assert.False(MapsStackTraceReader(broker.Pid), "the broker mapped System.Reflection.Metadata: a socket exception was created with file and line info");
        broker.CloseInput();
        Assert.Equal(0, broker.WaitForExit(TimeSpan.FromSeconds(15)));
    }

    private static bool MapsStackTraceReader(int pid) =>
        File.ReadLines($"/proc/{pid}/maps").Any(l => l.EndsWith("/System.Reflection.Metadata.dll", StringComparison.Ordinal));

    private static string Ask(ChildProcess broker, string request)
    {
        int before = broker.StdoutLines.Count;
        broker.WriteLine(request);
        Assert.True(broker.WaitForLine(_ => broker.StdoutLines.Count > before, TimeSpan.FromSeconds(20)), $"no answer to '{request}':\n{broker.AllOutput}");
        return broker.StdoutLines.ElementAt(before);
    }

    private static string AskUntil(ChildProcess broker, string request, Func<string, bool> done)
    {
        var waited = Stopwatch.StartNew();
        string answer = Ask(broker, request);
        while (!done(answer) && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            Thread.Sleep(200);
            answer = Ask(broker, request);
        }

        return answer;
    }
}
