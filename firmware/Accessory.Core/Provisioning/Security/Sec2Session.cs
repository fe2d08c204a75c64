using System;
using Accessory.Core.Ports;

using Accessory.Core.Provisioning.Messages;

namespace Accessory.Core.Provisioning.Security;

/// <summary>
/// A security 2 session: Command0 (username, A) -> B and salt; Command1 (M1) -> M2 and device_nonce; then AES-GCM
/// keyed with the first 32 bytes of K.
/// </summary>
public sealed class Sec2Session : SecuritySession
{
    public const int ProofLength = 64;
    public const int PrivateKeyLength = 32;

    private readonly ICryptoProvider _crypto;
    private readonly IRandom _random;
    private readonly SrpGroup _group;
    private readonly SrpCredentials _credentials;
    private readonly int _patchVersion;
    private byte[]? _clientPublicKey;
    private byte[]? _expectedClientProof;
    private byte[]? _sessionKey;
    private IAesGcmCipher? _cipher;
    private Sec2NonceSequence? _nonces;
    private bool _established;

    public Sec2Session(uint id, ICryptoProvider crypto, IRandom random, SrpGroup group, SrpCredentials credentials, int patchVersion)
        : base(id)
    {
        _crypto = crypto;
        _random = random;
        _group = group;
        _credentials = credentials;
        _patchVersion = patchVersion;
    }

    public override bool IsEstablished => _established;

    public override byte[] Handle(byte[] payload)
    {
        Sec2Request request = Sec2Codec.DecodeRequest(payload);
        if (request.MessageType == Sec2Codec.Command0)
        {
            return HandleCommand0(request.ClientUsername, request.ClientPublicKey);
        }

        if (request.MessageType == Sec2Codec.Command1)
        {
            return HandleCommand1(request.ClientProof);
        }

        throw new SecuritySessionException(StatusCode.InvalidProto, "sec2: unexpected message type " + request.MessageType);
    }

    public override void Reset()
    {
        SecurityBytes.Wipe(_sessionKey);
        SecurityBytes.Wipe(_expectedClientProof);
        _sessionKey = null;
        _expectedClientProof = null;
        _clientPublicKey = null;
        _cipher = null;
        _nonces = null;
        _established = false;
    }

    public override byte[] Encrypt(byte[] data)
    {
        byte[] sealedData = _cipher!.Seal(_nonces!.Current, data);
        _nonces.Advance();
        return sealedData;
    }

    public override byte[] Decrypt(byte[] data)
    {
        byte[]? plain = _cipher!.Open(_nonces!.Current, data);
        if (plain == null)
        {
            throw new SecuritySessionException(StatusCode.CryptoError, "sec2: message does not authenticate");
        }

        _nonces.Advance();
        return plain;
    }

    private byte[] HandleCommand0(byte[] username, byte[] clientPublicKey)
    {
        // A new Command0 restarts the handshake even on an established session.
        Reset();
        if (username.Length == 0)
        {
            throw new SecuritySessionException(StatusCode.InvalidArgument, "sec2: empty username");
        }

        if (clientPublicKey.Length != _group.Length)
        {
            throw new SecuritySessionException(StatusCode.InvalidArgument, "sec2: client public key has " + clientPublicKey.Length + " bytes, expected " + _group.Length);
        }

        // No username check here, as ESP-IDF: the username goes into the expected proof, so an unknown one fails at
        // Command1 like a wrong password, and Command0 tells nobody which usernames exist.
        ISrpGroupMath math = _group.Arithmetic;
        if (math.IsZeroModulo(clientPublicKey))
        {
            throw new SecuritySessionException(StatusCode.CryptoError, "sec2: client public key is 0 mod N");
        }

        var privateKey = new byte[PrivateKeyLength];
        _random.NextBytes(privateKey);
        byte[] serverPublicKey = SecurityBytes.StripLeadingZeros(math.ServerPublicKey(_group.Multiplier, _credentials.Verifier, privateKey));
        byte[] scrambler = _group.Scrambler(clientPublicKey, serverPublicKey);
        if (SecurityBytes.StripLeadingZeros(scrambler).Length == 0)
        {
            SecurityBytes.Wipe(privateKey);
            throw new SecuritySessionException(StatusCode.CryptoError, "sec2: scrambling parameter is zero");
        }

        byte[] premaster = math.ServerPremaster(clientPublicKey, _credentials.Verifier, scrambler, privateKey);
        SecurityBytes.Wipe(privateKey);
        byte[] premasterMinimal = SecurityBytes.StripLeadingZeros(premaster);
        byte[] sessionKey = _group.Hash(premasterMinimal);
        SecurityBytes.Wipe(premaster);
        SecurityBytes.Wipe(premasterMinimal);

        _expectedClientProof = _group.ClientProof(username, _credentials.Salt, clientPublicKey, serverPublicKey, sessionKey);
        _sessionKey = sessionKey;
        _clientPublicKey = SecurityBytes.Copy(clientPublicKey);
        return Sec2Codec.EncodeResponse0(StatusCode.Success, serverPublicKey, _credentials.Salt);
    }

    private byte[] HandleCommand1(byte[] clientProof)
    {
        if (_expectedClientProof == null || _established)
        {
            throw new SecuritySessionException(StatusCode.InvalidSession, "sec2: S2Session_Command1 without a pending S2Session_Command0");
        }

        if (clientProof.Length != ProofLength)
        {
            throw new SecuritySessionException(StatusCode.InvalidArgument, "sec2: client proof has " + clientProof.Length + " bytes, expected 64");
        }

        if (!SecurityBytes.FixedTimeEquals(clientProof, _expectedClientProof))
        {
            throw new SecuritySessionException(StatusCode.CryptoError, "sec2: client proof does not match (wrong username or password)");
        }

        byte[] serverProof = _group.ServerProof(_clientPublicKey!, clientProof, _sessionKey!);
        var key = new byte[32];
        Array.Copy(_sessionKey!, key, 32);
        _cipher = _crypto.CreateAesGcm(key);
        SecurityBytes.Wipe(key);

        var nonceBytes = new byte[Sec2NonceSequence.Length];
        _random.NextBytes(nonceBytes);
        _nonces = new Sec2NonceSequence(nonceBytes, _patchVersion);
        SecurityBytes.Wipe(_expectedClientProof);
        _expectedClientProof = null;
        _established = true;
        return Sec2Codec.EncodeResponse1(StatusCode.Success, serverProof, _nonces.Initial);
    }
}
