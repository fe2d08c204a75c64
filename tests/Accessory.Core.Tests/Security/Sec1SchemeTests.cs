using Accessory.Core.Provisioning.Security;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Google.Protobuf;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Tests.Security;

public class Sec1SchemeTests
{
    [Theory]
    [InlineData("abcd1234")]
    [InlineData(null)]
    public void Handshake_then_many_round_trips_share_one_keystream(string? pop)
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(pop);
        scheme.OpenSession(42);
        var client = new Sec1Client(pop == null ? null : System.Text.Encoding.UTF8.GetBytes(pop));

        client.Handshake(SecurityTestKit.Exchange(scheme, 42));

        Assert.True(client.IsEstablished);
        Assert.True(scheme.IsEstablished(42));
        Assert.Equal(pop != null, scheme.UsesProofOfPossession);
        Assert.Equal(1, scheme.SecurityVersion);
        Assert.Equal(0, scheme.PatchVersion);
        SecurityTestKit.RoundTrips(scheme, 42, client, 6);
    }

    [Fact]
    public void Response0_carries_a_32_byte_key_and_16_random_bytes()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1("pop");
        scheme.OpenSession(1);

        byte[] reply = scheme.HandleSessionRequest(1, new Sec1Client(null).CreateCommand0());

        SessionData data = SessionData.Parser.ParseFrom(reply);
        Assert.Equal(SecSchemeVersion.SecScheme1, data.SecVer);
        Assert.Equal(Sec1MsgType.SessionResponse0, data.Sec1.Msg);
        Assert.Equal(Status.Success, data.Sec1.Sr0.Status);
        Assert.Equal(32, data.Sec1.Sr0.DevicePubkey.Length);
        Assert.Equal(16, data.Sec1.Sr0.DeviceRandom.Length);
        Assert.False(scheme.IsEstablished(1));
    }

    [Fact]
    public void A_wrong_pop_fails_the_handshake_and_leaves_the_session_unusable()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1("right-pop");
        scheme.OpenSession(5);
        var client = new Sec1Client(System.Text.Encoding.UTF8.GetBytes("wrong-pop"));
        byte[] command1 = client.HandleResponse0(scheme.HandleSessionRequest(5, client.CreateCommand0()));

        var error = Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(5, command1));

        Assert.Equal(StatusCode.CryptoError, error.Status);
        Assert.DoesNotContain("right-pop", error.Message, StringComparison.Ordinal);
        Assert.False(scheme.IsEstablished(5));
        Assert.Equal(StatusCode.InvalidSession, Assert.Throws<SecuritySessionException>(() => scheme.Encrypt(5, new byte[] { 1, 2 })).Status);
        Assert.Equal(StatusCode.InvalidSession, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(5, command1)).Status);
    }

    [Fact]
    public void A_client_without_pop_cannot_join_a_device_with_pop()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1("secret");
        scheme.OpenSession(5);

        Assert.Throws<SecuritySessionException>(() => new Sec1Client(null).Handshake(SecurityTestKit.Exchange(scheme, 5)));
        Assert.False(scheme.IsEstablished(5));
    }

    [Fact]
    public void Command1_before_command0_is_out_of_order()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(null);
        scheme.OpenSession(9);
        byte[] command1 = SessionDataFrames.Wrap(new Sec1Payload
        {
            Msg = Sec1MsgType.SessionCommand1,
            Sc1 = new SessionCmd1 { ClientVerifyData = ByteString.CopyFrom(new byte[32]) },
        });

        Assert.Equal(StatusCode.InvalidSession, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(9, command1)).Status);
    }

    [Fact]
    public void A_second_command1_after_establishment_is_refused_and_drops_the_session()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(null);
        scheme.OpenSession(9);
        var client = new Sec1Client(null);
        byte[] command1 = client.HandleResponse0(scheme.HandleSessionRequest(9, client.CreateCommand0()));
        client.HandleResponse1(scheme.HandleSessionRequest(9, command1));

        Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(9, command1));
        Assert.False(scheme.IsEstablished(9));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(64)]
    public void Client_public_keys_of_the_wrong_size_are_refused(int size)
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(null);
        scheme.OpenSession(2);
        byte[] command0 = SessionDataFrames.Wrap(new Sec1Payload
        {
            Msg = Sec1MsgType.SessionCommand0,
            Sc0 = new SessionCmd0 { ClientPubkey = ByteString.CopyFrom(new byte[size]) },
        });

        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(2, command0)).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(33)]
    public void Verify_data_of_the_wrong_size_is_refused(int size)
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(null);
        scheme.OpenSession(2);
        var client = new Sec1Client(null);
        client.HandleResponse0(scheme.HandleSessionRequest(2, client.CreateCommand0()));
        byte[] command1 = SessionDataFrames.Wrap(new Sec1Payload
        {
            Msg = Sec1MsgType.SessionCommand1,
            Sc1 = new SessionCmd1 { ClientVerifyData = ByteString.CopyFrom(new byte[size]) },
        });

        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(2, command1)).Status);
        Assert.False(scheme.IsEstablished(2));
    }

    [Fact]
    public void A_low_order_client_key_gives_a_crypto_error()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(null);
        scheme.OpenSession(2);
        byte[] command0 = SessionDataFrames.Wrap(new Sec1Payload
        {
            Msg = Sec1MsgType.SessionCommand0,
            Sc0 = new SessionCmd0 { ClientPubkey = ByteString.CopyFrom(new byte[32]) },
        });

        Assert.Equal(StatusCode.CryptoError, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(2, command0)).Status);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0x10 })]
    [InlineData(new byte[] { 0x5a, 0x03, 0x08, 0x00 })]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x10, 0x01, 0x5a, 0x05, 0x08, 0x00, 0xa2, 0x01, 0x22 })]
    public void Garbage_and_truncated_session_data_give_typed_errors(byte[] request)
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(null);
        scheme.OpenSession(3);

        Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(3, request));
        Assert.False(scheme.IsEstablished(3));
    }

    [Fact]
    public void Every_truncation_of_a_valid_command0_is_refused_without_crashing()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(null);
        scheme.OpenSession(3);
        byte[] command0 = new Sec1Client(null).CreateCommand0();

        for (int length = 0; length < command0.Length; length++)
        {
            byte[] truncated = command0.AsSpan(0, length).ToArray();
            Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(3, truncated));
        }
    }

    [Fact]
    public void Two_sessions_are_independent()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1("pop");
        scheme.OpenSession(100);
        scheme.OpenSession(200);
        var first = new Sec1Client(System.Text.Encoding.UTF8.GetBytes("pop"));
        var second = new Sec1Client(System.Text.Encoding.UTF8.GetBytes("pop"));
        first.Handshake(SecurityTestKit.Exchange(scheme, 100));
        SecurityTestKit.RoundTrips(scheme, 100, first, 2);
        second.Handshake(SecurityTestKit.Exchange(scheme, 200));

        SecurityTestKit.RoundTrips(scheme, 200, second, 3);
        SecurityTestKit.RoundTrips(scheme, 100, first, 3);
        scheme.CloseSession(100);

        Assert.False(scheme.IsEstablished(100));
        Assert.Throws<SecuritySessionException>(() => scheme.Decrypt(100, new byte[] { 1 }));
        SecurityTestKit.RoundTrips(scheme, 200, second, 2);
    }

    [Fact]
    public void A_new_command0_restarts_the_session_with_fresh_keys()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(null);
        scheme.OpenSession(4);
        var old = new Sec1Client(null);
        old.Handshake(SecurityTestKit.Exchange(scheme, 4));
        var fresh = new Sec1Client(null);

        byte[] command1 = fresh.HandleResponse0(scheme.HandleSessionRequest(4, fresh.CreateCommand0()));
        Assert.False(scheme.IsEstablished(4));
        fresh.HandleResponse1(scheme.HandleSessionRequest(4, command1));

        SecurityTestKit.RoundTrips(scheme, 4, fresh, 3);
        byte[] message = System.Text.Encoding.UTF8.GetBytes("from the old phone");
        Assert.NotEqual(message, scheme.Decrypt(4, old.EncryptRequest(message)));
    }

    [Fact]
    public void Reopening_a_session_id_forgets_its_handshake()
    {
        Sec1Scheme scheme = SecurityTestKit.Sec1(null);
        scheme.OpenSession(4);
        new Sec1Client(null).Handshake(SecurityTestKit.Exchange(scheme, 4));

        scheme.OpenSession(4);

        Assert.False(scheme.IsEstablished(4));
        Assert.Equal(1, scheme.SessionCount);
    }
}
