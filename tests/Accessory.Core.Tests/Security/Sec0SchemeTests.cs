using Accessory.Core.Provisioning.Security;
using Accessory.Phone.Security;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Tests.Security;

public class Sec0SchemeTests
{
    [Fact]
    public void Handshake_succeeds_and_data_passes_through_unchanged()
    {
        var scheme = new Sec0Scheme();
        scheme.OpenSession(7);
        var client = new Sec0Client();

        client.Handshake(SecurityTestKit.Exchange(scheme, 7));

        Assert.True(client.IsEstablished);
        Assert.True(scheme.IsEstablished(7));
        SecurityTestKit.RoundTrips(scheme, 7, client, 4);
        Assert.Equal(0, scheme.SecurityVersion);
        Assert.False(scheme.UsesProofOfPossession);
    }

    [Fact]
    public void A_sec1_message_is_refused_as_the_wrong_scheme()
    {
        var scheme = new Sec0Scheme();
        scheme.OpenSession(1);
        byte[] sec1 = new Sec1Client(null).CreateCommand0();

        var error = Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, sec1));

        Assert.Equal(StatusCode.InvalidSecScheme, error.Status);
    }

    [Fact]
    public void Unknown_sessions_are_refused()
    {
        var scheme = new Sec0Scheme();

        Assert.False(scheme.IsEstablished(3));
        Assert.Equal(StatusCode.InvalidSession, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(3, Sec0Client.CreateCommand())).Status);
        Assert.Throws<SecuritySessionException>(() => scheme.Encrypt(3, new byte[] { 1 }));
    }

    [Fact]
    public void Null_requests_and_data_are_typed_errors()
    {
        var scheme = new Sec0Scheme();
        scheme.OpenSession(1);

        Assert.Equal(StatusCode.InvalidProto, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, null!)).Status);
        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<SecuritySessionException>(() => scheme.Encrypt(1, null!)).Status);
    }

    [Fact]
    public void A_sec0_payload_with_a_response_type_is_refused()
    {
        var scheme = new Sec0Scheme();
        scheme.OpenSession(1);
        byte[] wrongType = SessionDataFrames.Wrap(new Accessory.Phone.Protos.Sec0Payload { Msg = Accessory.Phone.Protos.Sec0MsgType.S0SessionResponse });

        Assert.Equal(StatusCode.InvalidProto, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, wrongType)).Status);
    }
}
