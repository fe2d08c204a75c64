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
