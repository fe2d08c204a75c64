using Accessory.Core.Ports;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// A security 1 session. The CTR stream is created at Command0 and consumed in order by the two verifiers and then
/// by every request and response, so Encrypt and Decrypt share it.
/// </summary>
public sealed class Sec1Session : SecuritySession
{
    public const int PublicKeyLength = 32;
    public const int DeviceRandomLength = 16;

    private readonly ICryptoProvider _crypto;
    private readonly IRandom _random;
    private readonly byte[]? _popHash;
    private IAesCtrKeystream? _stream;
    private byte[]? _clientPublicKey;
    private byte[]? _devicePublicKey;
    private bool _awaitingCommand1;
    private bool _established;

    public Sec1Session(uint id, ICryptoProvider crypto, IRandom random, byte[]? popHash)
        : base(id)
    {
        _crypto = crypto;
        _random = random;
        _popHash = popHash;
    }

    public override bool IsEstablished => _established;

    public override byte[] Handle(byte[] payload)
    {
        Sec1Request request = Sec1Codec.DecodeRequest(payload);
        if (request.MessageType == Sec1Codec.Command0)
        {
            return HandleCommand0(request.ClientPublicKey);
        }

        if (request.MessageType == Sec1Codec.Command1)
        {
            return HandleCommand1(request.ClientVerifyData);
        }

        throw new SecuritySessionException(StatusCode.InvalidProto, "sec1: unexpected message type " + request.MessageType);
    }

    public override void Reset()
    {
        _stream = null;
        _clientPublicKey = null;
        _devicePublicKey = null;
        _awaitingCommand1 = false;
        _established = false;
    }

    public override byte[] Encrypt(byte[] data) => _stream!.Transform(data);

    public override byte[] Decrypt(byte[] data) => _stream!.Transform(data);

    private byte[] HandleCommand0(byte[] clientPublicKey)
    {
        // A new Command0 restarts the handshake even on an established session.
        Reset();
        if (clientPublicKey.Length != PublicKeyLength)
        {
            throw new SecuritySessionException(StatusCode.InvalidArgument, "sec1: client public key has " + clientPublicKey.Length + " bytes, expected 32");
        }

        var privateKey = new byte[32];
        _random.NextBytes(privateKey);
        byte[] devicePublicKey = _crypto.X25519PublicKey(privateKey);
        byte[]? shared = _crypto.X25519SharedSecret(privateKey, clientPublicKey);
        SecurityBytes.Wipe(privateKey);
        if (shared == null)
        {
            throw new SecuritySessionException(StatusCode.CryptoError, "sec1: client public key gives no usable shared secret");
        }

        byte[] key = _popHash == null ? shared : SecurityBytes.Xor(shared, _popHash);
        var deviceRandom = new byte[DeviceRandomLength];
        _random.NextBytes(deviceRandom);
        _stream = _crypto.CreateAesCtr(key, deviceRandom);
        SecurityBytes.Wipe(shared);
        SecurityBytes.Wipe(key);

        _clientPublicKey = SecurityBytes.Copy(clientPublicKey);
        _devicePublicKey = devicePublicKey;
        _awaitingCommand1 = true;
        return Sec1Codec.EncodeResponse0(StatusCode.Success, devicePublicKey, deviceRandom);
    }

    private byte[] HandleCommand1(byte[] clientVerifyData)
    {
        if (!_awaitingCommand1)
        {
            throw new SecuritySessionException(StatusCode.InvalidSession, "sec1: Session_Command1 before Session_Command0");
        }

        if (clientVerifyData.Length != PublicKeyLength)
        {
            throw new SecuritySessionException(StatusCode.InvalidArgument, "sec1: client verify data has " + clientVerifyData.Length + " bytes, expected 32");
        }

        byte[] decrypted = _stream!.Transform(clientVerifyData);
        if (!SecurityBytes.FixedTimeEquals(decrypted, _devicePublicKey!))
        {
            throw new SecuritySessionException(StatusCode.CryptoError, "sec1: client verify data does not match (wrong proof of possession?)");
        }

        byte[] deviceVerifyData = _stream.Transform(_clientPublicKey!);
        _awaitingCommand1 = false;
        _established = true;
        return Sec1Codec.EncodeResponse1(StatusCode.Success, deviceVerifyData);
    }
}
