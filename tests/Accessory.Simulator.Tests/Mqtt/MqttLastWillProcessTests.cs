using Accessory.Simulator.Tests.Support;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>
/// The Last Will reaches an independent subscriber (mosquitto_sub) when the process holding the link is SIGKILLed,
/// against real mosquitto.
/// </summary>
public sealed class MqttLastWillProcessTests
{
    // Built next to this test assembly's configuration (ProjectReference with ReferenceOutputAssembly=false).
    private static string WillClient
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
            return Path.Combine(BuildPaths.RepoRoot, "tests", "Accessory.MqttWillClient", "bin", configuration, "net10.0", "Accessory.MqttWillClient.dll");
        }
    }

    [Fact]
    public void Killed_process_leaves_its_retained_offline_will()
    {
        using var broker = new Mosquitto();
        var status = "acc-test/" + Guid.NewGuid().ToString("N") + "/status";
        using var child = ChildProcess.Run(WillClient, broker.Uri.ToString(), "will-" + Guid.NewGuid().ToString("N")[..8], status);
        Assert.True(child.WaitForLine(line => line == "ready", TimeSpan.FromSeconds(20)), child.AllOutput);
        Assert.Equal(new[] { "online" }, MosquittoClients.Subscribe(broker.Port, status, 1, 5, retainedOnly: true));

        child.KillHard();

        string? seen = null;
        for (var attempt = 0; attempt < 20 && seen != "offline"; attempt++)
        {
            var lines = MosquittoClients.Subscribe(broker.Port, status, 1, 2, retainedOnly: true);
            seen = lines.Count > 0 ? lines[0] : null;
        }

        Assert.Equal("offline", seen);
    }
}
