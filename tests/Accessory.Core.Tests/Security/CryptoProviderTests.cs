using Accessory.Core.Ports;
using Accessory.Core.Provisioning.Security;
using Accessory.Simulator.Crypto;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Tests.Security;

/// <summary>
/// Known-answer and behaviour checks of a crypto provider: the simulator's here; ManagedCryptoProviderTests runs
/// the same checks against the core's managed provider the firmware uses.
/// </summary>
public class CryptoProviderTests
{
    private readonly ICryptoProvider _crypto;

    public CryptoProviderTests()
        : this(SecurityTestKit.Crypto)
    {
    }

    protected CryptoProviderTests(ICryptoProvider crypto)
    {
        _crypto = crypto;
    }

    [Fact]
    public void X25519_matches_the_rfc7748_diffie_hellman_vector()
    {
        byte[] alicePrivate = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        byte[] bobPrivate = Convert.FromHexString("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");

        byte[] alicePublic = _crypto.X25519PublicKey(alicePrivate);
        byte[] bobPublic = _crypto.X25519PublicKey(bobPrivate);

        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Convert.ToHexStringLower(alicePublic));
        Assert.Equal("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f", Convert.ToHexStringLower(bobPublic));
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Convert.ToHexStringLower(_crypto.X25519SharedSecret(alicePrivate, bobPublic)!));
        Assert.Equal("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742", Convert.ToHexStringLower(_crypto.X25519SharedSecret(bobPrivate, alicePublic)!));
    }

    [Fact]
    public void X25519_reports_an_all_zero_shared_secret_as_null()
    {
        Assert.Null(_crypto.X25519SharedSecret(new byte[32] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32 }, new byte[32]));
    }

    [Fact]
    public void Aes_ctr_matches_the_sp800_38a_vector_even_when_split_across_calls()
    {
        byte[] key = Convert.FromHexString("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
        byte[] counter = Convert.FromHexString("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        byte[] plain = Convert.FromHexString("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51");
        IAesCtrKeystream stream = _crypto.CreateAesCtr(key, counter);

        byte[] part1 = stream.Transform(plain[..5]);
        byte[] part2 = stream.Transform(plain[5..21]);
        byte[] part3 = stream.Transform(plain[21..]);

        Assert.Equal("601ec313775789a5b7a7f504bbf3d228f443e3ca4d62b59aca84e990cacaf5c5", Convert.ToHexStringLower([.. part1, .. part2, .. part3]));
    }

    [Fact]
    public void Aes_ctr_agrees_with_the_client_stream_across_a_counter_wrap()
    {
        var random = new Random(1234);
        byte[] key = new byte[32];
        random.NextBytes(key);
        byte[] counter = Convert.FromHexString("fffffffffffffffffffffffffffffffd");
        IAesCtrKeystream device = _crypto.CreateAesCtr(key, counter);
        var client = new CtrKeystream(key, counter);

        for (int i = 0; i < 20; i++)
        {
            byte[] data = new byte[random.Next(0, 40)];
            random.NextBytes(data);
            Assert.Equal(client.Apply(data), device.Transform(data));
        }
    }

    [Fact]
    public void Aes_gcm_round_trips_and_reports_bad_tags_as_null()
    {
        byte[] key = new byte[32];
        key[0] = 9;
        byte[] nonce = new byte[12];
        IAesGcmCipher gcm = _crypto.CreateAesGcm(key);

        byte[] sealedData = gcm.Seal(nonce, new byte[] { 1, 2, 3 });

        Assert.Equal(3 + 16, sealedData.Length);
        Assert.Equal(new byte[] { 1, 2, 3 }, gcm.Open(nonce, sealedData));
        sealedData[^1] ^= 1;
        Assert.Null(gcm.Open(nonce, sealedData));
        Assert.Null(gcm.Open(nonce, new byte[15]));
        nonce[0] = 1;
        sealedData[^1] ^= 1;
        Assert.Null(gcm.Open(nonce, sealedData));
    }

    [Fact]
    public void The_core_group_constant_is_rfc5054_3072_with_generator_5()
    {
        Assert.Equal(SrpClientMath.Group.N.ToByteArrayUnsigned(), Srp3072Group.Modulus());
        Assert.Equal(SrpClientMath.Group.G.ToByteArrayUnsigned(), Srp3072Group.GeneratorBytes());
        Assert.Equal(SrpClientMath.Multiplier().ToByteArrayUnsigned(), SecurityBytes.StripLeadingZeros(SecurityTestKit.Group.Multiplier));
        Assert.Equal(SrpClientMath.HashNXorHashG(), SecurityTestKit.Group.HashModulusXorHashGenerator);
    }

    [Fact]
    public void Srp_group_math_pads_results_to_the_modulus_length()
    {
        ISrpGroupMath math = SecurityTestKit.Group.Arithmetic;

        Assert.Equal(384, math.Length);
        byte[] one = math.GeneratorPower(new byte[] { 0 });
        Assert.Equal(384, one.Length);
        Assert.Equal(1, one[383]);
        Assert.Equal(new byte[383], one[..383]);
        Assert.True(math.IsZeroModulo(Srp3072Group.Modulus()));
        Assert.False(math.IsZeroModulo(new byte[] { 1 }));
    }

    [Fact]
    public void OpenSsl_and_managed_srp_math_agree()
    {
        Assert.True(OpenSslModPow.IsAvailable);
        var fast = new OpenSslSrpGroupMath(Srp3072Group.Modulus(), Srp3072Group.GeneratorBytes());
        var managed = new BigIntegerSrpGroupMath(Srp3072Group.Modulus(), Srp3072Group.GeneratorBytes());
        var random = new Random(77);
        for (int i = 0; i < 3; i++)
        {
            byte[] exponent = Bytes(random, 32);
            byte[] verifier = managed.GeneratorPower(Bytes(random, 64));
            byte[] k = Bytes(random, 64);
            byte[] a = Bytes(random, 384);
            byte[] u = Bytes(random, 64);

            Assert.Equal(managed.GeneratorPower(exponent), fast.GeneratorPower(exponent));
            Assert.Equal(managed.ServerPublicKey(k, verifier, exponent), fast.ServerPublicKey(k, verifier, exponent));
            Assert.Equal(managed.ServerPremaster(a, verifier, u, exponent), fast.ServerPremaster(a, verifier, u, exponent));
            Assert.Equal(managed.IsZeroModulo(a), fast.IsZeroModulo(a));
        }

        Assert.True(fast.IsZeroModulo(Srp3072Group.Modulus()));
        Assert.True(fast.IsZeroModulo(new byte[384]));
        fast.Dispose();
        Assert.Throws<ObjectDisposedException>(() => fast.GeneratorPower(new byte[] { 1 }));
    }

    [Fact]
    public void Session_status_values_match_constants_proto()
    {
        foreach (Status status in Enum.GetValues<Status>())
        {
            Assert.Equal(status.ToString(), ((StatusCode)(int)status).ToString());
        }

        Assert.Equal(Enum.GetValues<Status>().Length, Enum.GetValues<StatusCode>().Length);
    }

    private static byte[] Bytes(Random random, int length)
    {
        var result = new byte[length];
        random.NextBytes(result);
        return result;
    }
}
