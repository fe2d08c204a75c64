using Accessory.Core.Ports;
using Accessory.Core.Provisioning.Security;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Google.Protobuf;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Tests.Security;

public class Sec2SchemeTests
{
    [Fact]
    public void Patch0_handshake_uses_device_nonce_for_every_message()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(11);
        var client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 0);

        client.Handshake(SecurityTestKit.Exchange(scheme, 11));
        byte[] nonce = client.CurrentNonce;

        Assert.True(scheme.IsEstablished(11));
        Assert.Equal(2, scheme.SecurityVersion);
        Assert.Equal(0, scheme.PatchVersion);
        SecurityTestKit.RoundTrips(scheme, 11, client, 5);
        Assert.Equal(nonce, client.CurrentNonce);
    }

    [Fact]
    public void Patch1_counts_every_message_in_both_directions()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(1);
        scheme.OpenSession(12);
        var client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 1);

        client.Handshake(SecurityTestKit.Exchange(scheme, 12));
        byte[] initial = client.CurrentNonce;

        Assert.Equal(new byte[] { 0, 0, 0, 1 }, initial[8..]);
        Assert.Equal(1, scheme.PatchVersion);
        SecurityTestKit.RoundTrips(scheme, 12, client, 5);
        byte[] after = client.CurrentNonce;
        Assert.Equal(initial[..8], after[..8]);
        Assert.Equal(new byte[] { 0, 0, 0, 11 }, after[8..]);
    }

    [Fact]
    public void A_patch0_client_cannot_read_a_patch1_device_after_the_first_message()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(1);
        scheme.OpenSession(12);
        var client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 0);
        client.Handshake(SecurityTestKit.Exchange(scheme, 12));

        Assert.Equal(new byte[] { 7 }, scheme.Decrypt(12, client.EncryptRequest(new byte[] { 7 })));
        Assert.Throws<SecurityClientException>(() => client.DecryptResponse(scheme.Encrypt(12, new byte[] { 8 })));
    }

    [Fact]
    public void Response0_has_minimal_B_and_a_salt_without_leading_zero()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(1);
        for (int i = 0; i < 8; i++)
        {
            var client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 0);
            SessionData data = SessionData.Parser.ParseFrom(scheme.HandleSessionRequest(1, client.CreateCommand0()));

            Assert.Equal(Sec2MsgType.S2SessionResponse0, data.Sec2.Msg);
            Assert.NotEqual(0, data.Sec2.Sr0.DevicePubkey[0]);
            Assert.True(data.Sec2.Sr0.DevicePubkey.Length <= 384);
            Assert.Equal(16, data.Sec2.Sr0.DeviceSalt.Length);
            Assert.NotEqual(0, data.Sec2.Sr0.DeviceSalt[0]);
        }
    }

    [Fact]
    public void A_wrong_password_fails_at_the_proof()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(1);
        scheme.OpenSession(13);
        var client = new Sec2Client(SecurityTestKit.Username, "not-the-password", 1);
        byte[] command1 = client.HandleResponse0(scheme.HandleSessionRequest(13, client.CreateCommand0()));

        var error = Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(13, command1));

        Assert.Equal(StatusCode.CryptoError, error.Status);
        Assert.DoesNotContain(SecurityTestKit.Password, error.Message, StringComparison.Ordinal);
        Assert.False(scheme.IsEstablished(13));
        Assert.Throws<SecuritySessionException>(() => scheme.Encrypt(13, new byte[] { 1 }));
    }

    [Fact]
    public void A_wrong_username_is_refused_at_the_proof_not_at_command0()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(13);
        var intruder = new Sec2Client("intruder", SecurityTestKit.Password, 0);

        // As ESP-IDF: Command0 answers any username, so it does not tell which usernames exist.
        byte[] command1 = intruder.HandleResponse0(scheme.HandleSessionRequest(13, intruder.CreateCommand0()));
        var error = Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(13, command1));

        Assert.Equal(StatusCode.CryptoError, error.Status);
        Assert.False(scheme.IsEstablished(13));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(383)]
    [InlineData(385)]
    public void Client_keys_that_are_not_384_bytes_are_refused(int size)
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(1);

        var error = Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, Command0(SecurityTestKit.Username, Filled(size, 0x42))));

        Assert.Equal(StatusCode.InvalidArgument, error.Status);
    }

    [Fact]
    public void Client_keys_that_are_zero_mod_N_are_refused()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(1);

        Assert.Equal(StatusCode.CryptoError, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, Command0(SecurityTestKit.Username, new byte[384]))).Status);
        Assert.Equal(StatusCode.CryptoError, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, Command0(SecurityTestKit.Username, Srp3072Group.Modulus()))).Status);
    }

    [Fact]
    public void An_empty_username_is_refused()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(1);

        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, Command0(string.Empty, Filled(384, 3)))).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(63)]
    [InlineData(65)]
    public void Proofs_that_are_not_64_bytes_are_refused(int size)
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(1);
        var client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 0);
        client.HandleResponse0(scheme.HandleSessionRequest(1, client.CreateCommand0()));

        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, Command1(Filled(size, 9)))).Status);
        Assert.False(scheme.IsEstablished(1));
    }

    [Fact]
    public void Command1_before_command0_is_out_of_order()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(1);

        Assert.Equal(StatusCode.InvalidSession, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, Command1(new byte[64]))).Status);
    }

    [Fact]
    public void A_replayed_command1_after_establishment_is_refused()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(1);
        var client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 0);
        byte[] command1 = client.HandleResponse0(scheme.HandleSessionRequest(1, client.CreateCommand0()));
        client.HandleResponse1(scheme.HandleSessionRequest(1, command1));

        Assert.Equal(StatusCode.InvalidSession, Assert.Throws<SecuritySessionException>(() => scheme.HandleSessionRequest(1, command1)).Status);
        Assert.False(scheme.IsEstablished(1));
    }

    [Fact]
    public void A_tampered_message_does_not_decrypt()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(1);
        scheme.OpenSession(1);
        var client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 1);
        client.Handshake(SecurityTestKit.Exchange(scheme, 1));
        byte[] sealedRequest = client.EncryptRequest(new byte[] { 1, 2, 3, 4 });
        sealedRequest[2] ^= 0x80;

        Assert.Equal(StatusCode.CryptoError, Assert.Throws<SecuritySessionException>(() => scheme.Decrypt(1, sealedRequest)).Status);
        Assert.Equal(StatusCode.CryptoError, Assert.Throws<SecuritySessionException>(() => scheme.Decrypt(1, new byte[5])).Status);
    }

    [Fact]
    public void Two_sessions_are_independent()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(1);
        scheme.OpenSession(1);
        scheme.OpenSession(2);
        var first = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 1);
        var second = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 1);
        first.Handshake(SecurityTestKit.Exchange(scheme, 1));
        SecurityTestKit.RoundTrips(scheme, 1, first, 1);

        second.Handshake(SecurityTestKit.Exchange(scheme, 2));
        SecurityTestKit.RoundTrips(scheme, 2, second, 2);
        SecurityTestKit.RoundTrips(scheme, 1, first, 2);
        scheme.CloseSession(2);

        Assert.True(scheme.IsEstablished(1));
        Assert.False(scheme.IsEstablished(2));
        SecurityTestKit.RoundTrips(scheme, 1, first, 1);
    }

    [Fact]
    public void A_new_command0_restarts_an_established_session()
    {
        Sec2Scheme scheme = SecurityTestKit.Sec2(0);
        scheme.OpenSession(1);
        new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 0).Handshake(SecurityTestKit.Exchange(scheme, 1));
        var again = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 0);

        again.Handshake(SecurityTestKit.Exchange(scheme, 1));

        SecurityTestKit.RoundTrips(scheme, 1, again, 2);
    }

    [Fact]
    public void Only_patch_versions_0_and_1_exist()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SecurityTestKit.Sec2(2));
    }

    [Fact]
    public void The_verifier_matches_the_clients_own_computation()
    {
        byte[] salt = Filled(16, 0x5c);

        SrpCredentials credentials = SrpCredentialsFactory.Create(SecurityTestKit.Group, "user", "pässword", salt);

        Assert.Equal(SrpClientMath.Verifier(salt, "user", "pässword"), credentials.Verifier);
        Assert.Equal(salt, credentials.Salt);
    }

    [Fact]
    public void Generated_salts_never_start_with_zero()
    {
        SrpCredentials credentials = SrpCredentialsFactory.Create(SecurityTestKit.Group, new ZeroRandom(), "user", "pw");

        Assert.Equal(16, credentials.Salt.Length);
        Assert.NotEqual(0, credentials.Salt[0]);
        Assert.Equal(SrpClientMath.Verifier(credentials.Salt, "user", "pw"), credentials.Verifier);
    }

    private static byte[] Filled(int size, byte value)
    {
        var result = new byte[size];
        Array.Fill(result, value);
        return result;
    }

    private static byte[] Command0(string username, byte[] publicKey) =>
        SessionDataFrames.Wrap(new Sec2Payload
        {
            Msg = Sec2MsgType.S2SessionCommand0,
            Sc0 = new S2SessionCmd0 { ClientUsername = ByteString.CopyFromUtf8(username), ClientPubkey = ByteString.CopyFrom(publicKey) },
        });

    private static byte[] Command1(byte[] proof) =>
        SessionDataFrames.Wrap(new Sec2Payload
        {
            Msg = Sec2MsgType.S2SessionCommand1,
            Sc1 = new S2SessionCmd1 { ClientProof = ByteString.CopyFrom(proof) },
        });

    private sealed class ZeroRandom : IRandom
    {
        public void NextBytes(byte[] buffer) => Array.Clear(buffer);
    }
}
