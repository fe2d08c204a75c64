using System.Net;
using System.Net.Sockets;
using Accessory.Core.Device;
using Accessory.Simulator.LocalApi;
using Accessory.Simulator.Platform;
using Accessory.Simulator.Radio;
using Accessory.Simulator.Tests.Mqtt;
using Accessory.Simulator.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>
/// The local API accepts connections before anything can read the device as online: a phone that calls it the
/// moment GET /status, the event stream or the log says "online" is not refused.
/// </summary>
public sealed class OnlineOrderTests
{
    [Fact]
    public async Task The_local_api_accepts_a_connection_at_the_moment_the_state_first_reads_online()
    {
        using var data = DeviceCloudEndToEndTests.ProvisionedDevice(out _);
        // The first thing that tells of "online" is the core's own log line, written by the first handler of the
        // change. At that moment (synchronously, on the thread making the change) the state already reads online;
        // a real connect to the API port is tried right there.
        var probe = new OnlineProbe();
        using var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(probe));
        await using var device = new SimulatedDevice(
            new DeviceOptions
            {
                DataDirectory = data.Path,
                RadioEnvironment = RadioEnvironment.LoadDefault().WithTiming(TimingModel.Fast),
                LocalApi = new LocalApiOptions { BindAddress = IPAddress.Loopback, HttpsPort = 0 },
            },
            loggers,
            new CryptoRandom());
        probe.Device = device;
        await device.StartAsync();

        Assert.True(await Eventually.TrueAsync(() => probe.Outcome != null, TimeSpan.FromSeconds(20)), "the device never went online");
        Assert.Equal("state online, connect accepted", probe.Outcome);
    }

    private sealed class OnlineProbe : ILoggerProvider, ILogger
    {
        public SimulatedDevice? Device { get; set; }

        public string? Outcome { get; private set; }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            string text = formatter(state, exception);
            if (Outcome != null || Device?.LocalApi is not { } api || !text.Contains("-> online", StringComparison.Ordinal))
            {
                return;
            }

            string seen = "state " + DeviceLifecycle.StateName(Device.Lifecycle.State);
            using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                client.Connect(new IPEndPoint(IPAddress.Loopback, api.HttpsEndPoint.Port));
                Outcome = seen + ", connect accepted";
            }
            catch (SocketException e)
            {
                Outcome = seen + ", connect " + e.SocketErrorCode;
            }
        }

        public void Dispose()
        {
        }
    }
}
