using Accessory.Core.Crypto;
using Accessory.Core.Ports;
using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;
using Accessory.Phone.Security;
using Accessory.Simulator.Crypto;

namespace Accessory.Core.Tests.Security;

/// <summary>
/// The firmware's crypto (the core's ManagedCryptoProvider over an AES-ECB block port) passes every check the
/// simulator's provider passes (inherited facts), plus hash and GCM vectors and random cross-checks against .NET.
/// </summary>
public class ManagedCryptoProviderTests : CryptoProviderTests
{
    private static readonly ManagedCryptoProvider Managed = new ManagedCryptoProvider(new DesktopAesBlockCipher(), null);
    private static readonly DotNetCryptoProvider Reference = new DotNetCryptoProvider();

    public ManagedCryptoProviderTests()
        : base(Managed)
    {
    }

    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void Sha256_matches_the_fips_180_vectors(string message, string digest)
    {
        Assert.Equal(digest, Convert.ToHexStringLower(Managed.Sha256(System.Text.Encoding.ASCII.GetBytes(message))));
    }

    [Theory]
    [InlineData("abc", "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f")]
    [InlineData("", "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    public void Sha512_matches_the_fips_180_vectors(string message, string digest)
    {
        Assert.Equal(digest, Convert.ToHexStringLower(Managed.Sha512(System.Text.Encoding.ASCII.GetBytes(message))));
    }

    [Fact]
    public void Aes_gcm_matches_the_nist_vectors_for_a_zero_key()
    {
        var gcm = Managed.CreateAesGcm(new byte[32]);

        Assert.Equal("530f8afbc74536b9a963b4f1c4cb738b", Convert.ToHexStringLower(gcm.Seal(new byte[12], Array.Empty<byte>())));
        Assert.Equal("cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919", Convert.ToHexStringLower(gcm.Seal(new byte[12], new byte[16])));
    }

    [Fact]
    public void Hashes_gcm_and_x25519_agree_with_dotnet_on_random_inputs()
    {
        var random = new Random(160);
        for (int i = 0; i < 60; i++)
        {
            byte[] data = Bytes(random, random.Next(0, 300));
            Assert.Equal(Reference.Sha256(data), Managed.Sha256(data));
            Assert.Equal(Reference.Sha512(data), Managed.Sha512(data));

            byte[] key = Bytes(random, 32);
            byte[] nonce = Bytes(random, 12);
            byte[] sealedData = Managed.CreateAesGcm(key).Seal(nonce, data);
            Assert.Equal(Reference.CreateAesGcm(key).Seal(nonce, data), sealedData);
            Assert.Equal(data, Reference.CreateAesGcm(key).Open(nonce, sealedData));

            byte[] mine = Bytes(random, 32);
            byte[] theirs = Reference.X25519PublicKey(Bytes(random, 32));
            Assert.Equal(Reference.X25519PublicKey(mine), Managed.X25519PublicKey(mine));
            Assert.Equal(Reference.X25519SharedSecret(mine, theirs), Managed.X25519SharedSecret(mine, theirs));
        }
    }

    [Fact]
    public void Ctr_encrypts_a_whole_message_in_one_block_call()
    {
        var blocks = new DesktopAesBlockCipher();
        var provider = new ManagedCryptoProvider(blocks, null);
        var counting = (DesktopAesBlockCipher)blocks.Create(new byte[32]);
        var stream = new BlockCtrKeystream(counting, new byte[16]);

        stream.Transform(new byte[100]);

        Assert.Equal(1, counting.Calls);
        Assert.NotNull(provider.CreateAesCtr(new byte[32], new byte[16]));
    }

    [Fact]
    public void Managed_srp_math_agrees_with_the_simulators_biginteger_math()
    {
        var managed = new ManagedSrpGroupMath(Srp3072Group.Modulus(), Srp3072Group.GeneratorBytes());
        var reference = new BigIntegerSrpGroupMath(Srp3072Group.Modulus(), Srp3072Group.GeneratorBytes());
        var random = new Random(3072);
        for (int i = 0; i < 3; i++)
        {
            byte[] exponent = Bytes(random, 32);
            byte[] verifier = reference.GeneratorPower(Bytes(random, 64));
            byte[] k = Bytes(random, 64);
            byte[] a = Bytes(random, 384);
            byte[] u = Bytes(random, 64);

            Assert.Equal(reference.GeneratorPower(exponent), managed.GeneratorPower(exponent));
            Assert.Equal(reference.ServerPublicKey(k, verifier, exponent), managed.ServerPublicKey(k, verifier, exponent));
            Assert.Equal(reference.ServerPremaster(a, verifier, u, exponent), managed.ServerPremaster(a, verifier, u, exponent));
            Assert.Equal(reference.IsZeroModulo(a), managed.IsZeroModulo(a));
        }

        Assert.True(managed.IsZeroModulo(Srp3072Group.Modulus()));
        Assert.True(managed.IsZeroModulo(new byte[384]));
        Assert.Equal(384, managed.GeneratorPower(new byte[] { 0 }).Length);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_phone_provisions_through_a_device_running_the_managed_crypto(int version)
    {
        var random = SecurityTestKit.Random;
        ISecurityScheme scheme;
        ISecurityClient client;
        if (version == 1)
        {
            scheme = new Sec1Scheme(Managed, random, System.Text.Encoding.UTF8.GetBytes("pop-123"));
            client = new Sec1Client(System.Text.Encoding.UTF8.GetBytes("pop-123"));
        }
        else
        {
            var group = SrpGroup.Rfc5054Group3072(Managed);
            scheme = new Sec2Scheme(Managed, random, group, SrpCredentialsFactory.Create(group, random, SecurityTestKit.Username, SecurityTestKit.Password), 1);
            client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 1);
        }

        var router = new ProtocommRouter(scheme);
        router.AddEndpoint(EndpointNames.Session, new SessionEndpoint(scheme));
        router.OpenSession(5);
        client.Handshake(request => router.Handle(5, EndpointNames.Session, request).Body);
        SecurityTestKit.RoundTrips(scheme, 5, client, 3);
    }

    private static byte[] Bytes(Random random, int length)
    {
        var result = new byte[length];
        random.NextBytes(result);
        return result;
    }
}
