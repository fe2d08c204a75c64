using System.Security.Cryptography;
using System.Text;
using Accessory.Phone.Protos;
using Google.Protobuf;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Accessory.Phone.Security;

/// <summary>
/// Security 2 client: SRP-6a (RFC 5054 3072-bit, SHA-512), then AES-256-GCM. Patch 0 reuses device_nonce; patch 1
/// counts in its last four bytes after every message in either direction, mirroring the device.
/// </summary>
public sealed class Sec2Client : ISecurityClient
{
    private static readonly SecureRandom Random = new();

    private readonly string _username;
    private readonly string _password;
    private readonly int _patchVersion;
    private readonly Func<byte[], byte[], byte[], byte[]>? _modPow;
    private BcBigInteger? _a;
    private byte[]? _clientPublicKey;
    private byte[]? _clientProof;
    private byte[]? _sessionKey;
    private byte[]? _nonce;

    public Sec2Client(string username, string password, int patchVersion)
        : this(username, password, patchVersion, null)
    {
    }

    /// <param name="modPow">
    /// Optional faster (value, exponent, modulus) -> value^exponent mod modulus for load tests; BouncyCastle otherwise.
    /// </param>
    public Sec2Client(string username, string password, int patchVersion, Func<byte[], byte[], byte[], byte[]>? modPow)
    {
        _username = username;
        _password = password;
        _patchVersion = patchVersion;
        _modPow = modPow;
    }

    public int SecurityVersion => 2;

    public bool IsEstablished { get; private set; }

    /// <summary>The session nonce the next message will use (tests check counter continuity with it).</summary>
    public byte[] CurrentNonce => (byte[])(_nonce ?? throw new InvalidOperationException("not established")).Clone();

    public byte[] CreateCommand0()
    {
        IsEstablished = false;
        _a = new BcBigInteger(256, Random);
        _clientPublicKey = SrpClientMath.Pad(ModPow(SrpClientMath.Group.G, _a));
        return SessionDataFrames.Wrap(new Sec2Payload
        {
            Msg = Sec2MsgType.S2SessionCommand0,
            Sc0 = new S2SessionCmd0
            {
                ClientUsername = ByteString.CopyFrom(Encoding.UTF8.GetBytes(_username)),
                ClientPubkey = ByteString.CopyFrom(_clientPublicKey),
            },
        });
    }

    /// <summary>Checks Response0, derives K and M1 and returns Command1.</summary>
    public byte[] HandleResponse0(byte[] response)
    {
        SessionData data = SessionDataFrames.Unwrap(response, SecSchemeVersion.SecScheme2, SessionData.ProtoOneofCase.Sec2);
        S2SessionResp0? resp = data.Sec2.Sr0;
        if (data.Sec2.Msg != Sec2MsgType.S2SessionResponse0 || resp == null || resp.Status != Status.Success || _a == null)
        {
            throw new SecurityClientException("sec2 Response0 refused or came before Command0");
        }

        byte[] serverPublicKey = resp.DevicePubkey.ToByteArray();
        byte[] salt = resp.DeviceSalt.ToByteArray();
        if (serverPublicKey.Length == 0 || serverPublicKey[0] == 0 || serverPublicKey.Length > SrpClientMath.Length)
        {
            throw new SecurityClientException("sec2 device public key is not a minimal big-endian number");
        }

        BcBigInteger n = SrpClientMath.Group.N;
        BcBigInteger b = SrpClientMath.ToNumber(serverPublicKey);
        if (b.Mod(n).SignValue == 0)
        {
            throw new SecurityClientException("sec2 device public key is 0 mod N");
        }

        BcBigInteger u = SrpClientMath.ToNumber(SrpClientMath.Hash(_clientPublicKey!, SrpClientMath.Pad(b)));
        BcBigInteger x = SrpClientMath.PrivateKey(salt, _username, _password);
        BcBigInteger k = SrpClientMath.Multiplier();
        BcBigInteger gx = ModPow(SrpClientMath.Group.G, x);
        BcBigInteger baseValue = b.Subtract(k.Multiply(gx)).Mod(n);
        BcBigInteger premaster = ModPow(baseValue, _a.Add(u.Multiply(x)));
        _sessionKey = SrpClientMath.Hash(SrpClientMath.Minimal(premaster));
        _clientProof = SrpClientMath.Hash(
            SrpClientMath.HashNXorHashG(),
            SrpClientMath.Hash(Encoding.UTF8.GetBytes(_username)),
            salt,
            _clientPublicKey!,
            serverPublicKey,
            _sessionKey);
        return SessionDataFrames.Wrap(new Sec2Payload
        {
            Msg = Sec2MsgType.S2SessionCommand1,
            Sc1 = new S2SessionCmd1 { ClientProof = ByteString.CopyFrom(_clientProof) },
        });
    }

    public void HandleResponse1(byte[] response)
    {
        SessionData data = SessionDataFrames.Unwrap(response, SecSchemeVersion.SecScheme2, SessionData.ProtoOneofCase.Sec2);
        S2SessionResp1? resp = data.Sec2.Sr1;
        if (data.Sec2.Msg != Sec2MsgType.S2SessionResponse1 || resp == null || resp.Status != Status.Success || _clientProof == null)
        {
            throw new SecurityClientException("sec2 Response1 refused");
        }

        byte[] expected = SrpClientMath.Hash(_clientPublicKey!, _clientProof, _sessionKey!);
        if (!CryptographicOperations.FixedTimeEquals(expected, resp.DeviceProof.ToByteArray()))
        {
            throw new SecurityClientException("sec2 device proof does not match");
        }

        if (resp.DeviceNonce.Length != 12)
        {
            throw new SecurityClientException("sec2 device nonce is not 12 bytes");
        }

        _nonce = resp.DeviceNonce.ToByteArray();
        IsEstablished = true;
    }

    public void Handshake(Func<byte[], byte[]> exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        byte[] command1 = HandleResponse0(exchange(CreateCommand0()));
        HandleResponse1(exchange(command1));
    }

    public byte[] EncryptRequest(byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        GcmBlockCipher gcm = CreateGcm(true);
        var output = new byte[gcm.GetOutputSize(plaintext.Length)];
        int length = gcm.ProcessBytes(plaintext, 0, plaintext.Length, output, 0);
        gcm.DoFinal(output, length);
        AdvanceNonce();
        return output;
    }

    public byte[] DecryptResponse(byte[] ciphertext)
    {
        ArgumentNullException.ThrowIfNull(ciphertext);
        GcmBlockCipher gcm = CreateGcm(false);
        var output = new byte[gcm.GetOutputSize(ciphertext.Length)];
        try
        {
            int length = gcm.ProcessBytes(ciphertext, 0, ciphertext.Length, output, 0);
            gcm.DoFinal(output, length);
        }
        catch (InvalidCipherTextException e)
        {
            throw new SecurityClientException("sec2 response does not authenticate", e);
        }

        AdvanceNonce();
        return output;
    }

    private BcBigInteger ModPow(BcBigInteger value, BcBigInteger exponent)
    {
        BcBigInteger n = SrpClientMath.Group.N;
        return _modPow == null
            ? value.ModPow(exponent, n)
            : SrpClientMath.ToNumber(_modPow(value.ToByteArrayUnsigned(), exponent.ToByteArrayUnsigned(), n.ToByteArrayUnsigned()));
    }

    private GcmBlockCipher CreateGcm(bool encrypt)
    {
        if (!IsEstablished)
        {
            throw new InvalidOperationException("sec2 session not established");
        }

        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(encrypt, new AeadParameters(new KeyParameter(_sessionKey!, 0, 32), 128, _nonce!));
        return gcm;
    }

    private void AdvanceNonce()
    {
        if (_patchVersion < 1)
        {
            return;
        }

        uint counter = ((uint)_nonce![8] << 24) | ((uint)_nonce[9] << 16) | ((uint)_nonce[10] << 8) | _nonce[11];
        counter++;
        _nonce[8] = (byte)(counter >> 24);
        _nonce[9] = (byte)(counter >> 16);
        _nonce[10] = (byte)(counter >> 8);
        _nonce[11] = (byte)counter;
    }
}
