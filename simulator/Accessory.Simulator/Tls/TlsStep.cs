namespace Accessory.Simulator.Tls;

/// <summary>What one OpenSSL call on a memory-BIO connection asks the socket side to do next.</summary>
internal enum TlsStepKind
{
    /// <summary>The call completed (handshake done, bytes read or written).</summary>
    Done,

    /// <summary>OpenSSL needs more bytes from the peer before it can continue.</summary>
    NeedsInput,

    /// <summary>The peer sent close_notify.</summary>
    PeerClosed,

    /// <summary>A protocol error; <see cref="TlsStep.Reason"/> has OpenSSL's explanation.</summary>
    Failed,
}

internal readonly record struct TlsStep(TlsStepKind Kind, int Count = 0, string Reason = "");
