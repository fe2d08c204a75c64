using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;
using Accessory.Phone.Security;

namespace Accessory.Core.Tests.Security;

public class RouterIntegrationTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void A_client_handshakes_on_prov_session_and_then_talks_to_an_endpoint(int version)
    {
        (ISecurityScheme scheme, ISecurityClient client) = Pair(version);
        var router = new ProtocommRouter(scheme);
        router.AddEndpoint(EndpointNames.Session, new SessionEndpoint(scheme));
        router.AddEndpoint(EndpointNames.CustomData, new Reverser());
        router.OpenSession(77);

        client.Handshake(request =>
        {
            ProtocommResponse response = router.Handle(77, EndpointNames.Session, request);
            Assert.Equal(ProtocommOutcome.Ok, response.Outcome);
            return response.Body;
        });

        for (int i = 0; i < 4; i++)
        {
            byte[] request = { 1, 2, 3, (byte)i };
            ProtocommResponse response = router.Handle(77, EndpointNames.CustomData, client.EncryptRequest(request));
            Assert.Equal(ProtocommOutcome.Ok, response.Outcome);
            Assert.Equal(new byte[] { (byte)i, 3, 2, 1 }, client.DecryptResponse(response.Body));
        }
    }

    [Fact]
    public void A_wrong_password_is_a_handler_failure_and_endpoints_stay_closed()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(1);
        var router = new ProtocommRouter(scheme);
        router.AddEndpoint(EndpointNames.Session, new SessionEndpoint(scheme));
        router.AddEndpoint(EndpointNames.CustomData, new Reverser());
        router.OpenSession(5);
        var client = new Sec2Client(SecurityTestKit.Username, "hunter2-secret", 1);

        byte[] command1 = client.HandleResponse0(router.Handle(5, EndpointNames.Session, client.CreateCommand0()).Body);
        ProtocommResponse failed = router.Handle(5, EndpointNames.Session, command1);

        Assert.Equal(ProtocommOutcome.HandlerFailed, failed.Outcome);
        Assert.DoesNotContain("hunter2", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(SecurityTestKit.Password, failed.Reason, StringComparison.Ordinal);
        Assert.Equal(ProtocommOutcome.NoSession, router.Handle(5, EndpointNames.CustomData, new byte[20]).Outcome);
    }

    private static (ISecurityScheme Scheme, ISecurityClient Client) Pair(int version) => version switch
    {
        0 => (new Sec0Scheme(), new Sec0Client()),
        1 => (SecurityTestKit.Sec1("pop1"), new Sec1Client(System.Text.Encoding.UTF8.GetBytes("pop1"))),
        _ => (SecurityTestKit.Sec2(1), new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 1)),
    };

    private sealed class Reverser : IProtocommEndpoint
    {
        public byte[] Handle(uint sessionId, byte[] request)
        {
            byte[] copy = (byte[])request.Clone();
            Array.Reverse(copy);
            return copy;
        }
    }
}
