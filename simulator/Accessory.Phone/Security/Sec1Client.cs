using System.Security.Cryptography;
using Accessory.Phone.Protos;
using Google.Protobuf;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace Accessory.Phone.Security;

/// <summary>Security 1 client: X25519, optional PoP, one CTR stream shared by both directions.</summary>
public sealed class Sec1Client : ISecurityClient
{
    private static readonly SecureRandom Random = new();

    private readonly byte[]? _pop;
    private readonly Func<byte[], byte[]>? _publicKey;
    private readonly Func<byte[], byte[], byte[]?>? _sharedSecret;
    private X25519PrivateKeyParameters? _privateKey;
    private byte[]? _clientPublicKey;
    private byte[]? _devicePublicKey;
    private CtrKeystream? _stream;

    public Sec1Client(byte[]? proofOfPossession)
        : this(proofOfPossession, null, null)
    {
    }

    /// <param name="publicKey">Optional faster X25519 (private key -> public key) for load generators.</param>
    /// <param name="sharedSecret">Optional faster X25519 (private key, peer key -> secret or null); BouncyCastle otherwise.</param>
    public Sec1Client(byte[]? proofOfPossession, Func<byte[], byte[]>? publicKey, Func<byte[], byte[], byte[]?>? sharedSecret)
    {
        _pop = proofOfPossession;
        _publicKey = publicKey;
        _sharedSecret = sharedSecret;
    }

    public int SecurityVersion => 1;

    public bool IsEstablished { get; private set; }

    public byte[] ClientPublicKey => _clientPublicKey ?? throw new InvalidOperationException("no Command0 yet");

    public byte[] CreateCommand0()
    {
        _privateKey = new X25519PrivateKeyParameters(Random);
        _clientPublicKey = _publicKey != null ? _publicKey(_privateKey.GetEncoded()) : _privateKey.GeneratePublicKey().GetEncoded();
        IsEstablished = false;
        return SessionDataFrames.Wrap(new Sec1Payload
        {
            Msg = Sec1MsgType.SessionCommand0,
            Sc0 = new SessionCmd0 { ClientPubkey = ByteString.CopyFrom(_clientPublicKey) },
        });
    }

    /// <summary>Checks Response0, derives the session stream and returns Command1.</summary>
    public byte[] HandleResponse0(byte[] response)
    {
        SessionData data = SessionDataFrames.Unwrap(response, SecSchemeVersion.SecScheme1, SessionData.ProtoOneofCase.Sec1);
        SessionResp0? resp = data.Sec1.Sr0;
        if (data.Sec1.Msg != Sec1MsgType.SessionResponse0 || resp == null || resp.Status != Status.Success)
        {
            throw new SecurityClientException("sec1 Response0 refused");
        }

        if (resp.DevicePubkey.Length != 32 || resp.DeviceRandom.Length != 16 || _privateKey == null)
        {
            throw new SecurityClientException("sec1 Response0 has wrong sizes or came before Command0");
        }

        _devicePublicKey = resp.DevicePubkey.ToByteArray();
        var shared = new byte[32];
        if (_sharedSecret != null)
        {
            shared = _sharedSecret(_privateKey.GetEncoded(), _devicePublicKey) ?? throw new SecurityClientException("sec1 device public key is a low-order point");
        }
        else
        {
            _privateKey.GenerateSecret(new X25519PublicKeyParameters(_devicePublicKey), shared, 0);
        }
        if (_pop != null && _pop.Length > 0)
        {
            var digest = new Sha256Digest();
            digest.BlockUpdate(_pop, 0, _pop.Length);
            var hash = new byte[32];
            digest.DoFinal(hash, 0);
            for (int i = 0; i < 32; i++)
            {
                shared[i] ^= hash[i];
            }
        }

        _stream = new CtrKeystream(shared, resp.DeviceRandom.ToByteArray());
        byte[] verify = _stream.Apply(_devicePublicKey);
        return SessionDataFrames.Wrap(new Sec1Payload
        {
            Msg = Sec1MsgType.SessionCommand1,
            Sc1 = new SessionCmd1 { ClientVerifyData = ByteString.CopyFrom(verify) },
        });
    }

    public void HandleResponse1(byte[] response)
    {
        SessionData data = SessionDataFrames.Unwrap(response, SecSchemeVersion.SecScheme1, SessionData.ProtoOneofCase.Sec1);
        SessionResp1? resp = data.Sec1.Sr1;
        if (data.Sec1.Msg != Sec1MsgType.SessionResponse1 || resp == null || resp.Status != Status.Success || _stream == null)
        {
            throw new SecurityClientException("sec1 Response1 refused");
        }

        byte[] decrypted = _stream.Apply(resp.DeviceVerifyData.ToByteArray());
        if (!CryptographicOperations.FixedTimeEquals(decrypted, _clientPublicKey))
        {
            throw new SecurityClientException("sec1 device verify data does not match");
        }

        IsEstablished = true;
    }

    public void Handshake(Func<byte[], byte[]> exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        byte[] command1 = HandleResponse0(exchange(CreateCommand0()));
        HandleResponse1(exchange(command1));
    }

    public byte[] EncryptRequest(byte[] plaintext) => RequireStream().Apply(plaintext);

    public byte[] DecryptResponse(byte[] ciphertext) => RequireStream().Apply(ciphertext);

    private CtrKeystream RequireStream() =>
        IsEstablished ? _stream! : throw new InvalidOperationException("sec1 session not established");
}
