using Accessory.Simulator.Mqtt;

namespace Accessory.Simulator.Tests.Mqtt;

/// <summary>A real mosquitto or the simulator's embedded broker, stoppable and restartable on the same port.</summary>
internal sealed class RestartableBroker : IAsyncDisposable
{
    private readonly Mosquitto? _mosquitto;
    private readonly EmbeddedBroker? _embedded;

    private RestartableBroker(Mosquitto? mosquitto, EmbeddedBroker? embedded)
    {
        _mosquitto = mosquitto;
        _embedded = embedded;
    }

    public int Port => _mosquitto?.Port ?? _embedded!.Port;

    public static async Task<RestartableBroker> StartAsync(string kind)
    {
        switch (kind)
        {
            case "mosquitto":
                return new RestartableBroker(new Mosquitto(), null);
            case "embedded":
                var embedded = new EmbeddedBroker(FreePort.Next());
                await embedded.StartAsync();
                return new RestartableBroker(null, embedded);
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "mosquitto or embedded");
        }
    }

    public async Task StopAsync()
    {
        _mosquitto?.Stop();
        if (_embedded is not null)
        {
            await _embedded.StopAsync();
        }
    }

    public async Task RestartAsync()
    {
        _mosquitto?.Start();
        if (_embedded is not null)
        {
            await _embedded.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _mosquitto?.Dispose();
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }
    }
}
