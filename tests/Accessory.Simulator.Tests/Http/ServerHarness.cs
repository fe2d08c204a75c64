using System.Net;
using Accessory.Core.Provisioning;
using Accessory.Simulator.Http;
using Accessory.Simulator.Tests.Fakes;

namespace Accessory.Simulator.Tests.Http;

/// <summary>A provisioning HTTP server on a free loopback port with a fake scheme and echo endpoints.</summary>
public sealed class ServerHarness : IAsyncDisposable
{
    private ServerHarness(FakeSecurityScheme scheme, ProtocommRouter router, ProvisioningHttpServer server, ListLogger log)
    {
        Log = log;
        Scheme = scheme;
        Router = router;
        Server = server;
    }

    public FakeSecurityScheme Scheme { get; }

    public ProtocommRouter Router { get; }

    public ProvisioningHttpServer Server { get; }

    public IPEndPoint EndPoint => Server.LocalEndPoint;

    public static ProtocommRouter CreateRouter(FakeSecurityScheme scheme)
    {
        var router = new ProtocommRouter(scheme);
        router.AddEndpoint(EndpointNames.Session, new SessionEndpoint(scheme));
        router.AddEndpoint(EndpointNames.ProtoVersion, new EchoEndpoint());
        router.AddEndpoint(EndpointNames.Config, new EchoEndpoint());
        return router;
    }

    public ListLogger Log { get; }

    public static async Task<ServerHarness> StartAsync(ProvisioningHttpOptions? options = null)
    {
        var log = new ListLogger();
        var scheme = new FakeSecurityScheme();
        var router = CreateRouter(scheme);
        var server = new ProvisioningHttpServer(
            router,
            new SequenceRandom(),
            log,
            options ?? new ProvisioningHttpOptions { BindAddress = IPAddress.Loopback, Port = 0 });
        await server.StartAsync();
        return new ServerHarness(scheme, router, server, log);
    }

    public Task<RawHttpClient> ConnectAsync() => RawHttpClient.ConnectAsync(EndPoint);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
