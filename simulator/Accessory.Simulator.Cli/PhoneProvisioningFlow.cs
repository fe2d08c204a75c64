using System.Text;
using Accessory.Phone;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;

namespace Accessory.Simulator.Cli;

/// <summary>
/// The phone's provisioning flow shared by `provision` (SoftAP/HTTP), `ble provision` and the scenario runner, so
/// all three print the same lines and end with the same outcome word and exit code (see docs/qa.md).
/// </summary>
internal static class PhoneProvisioningFlow
{
    /// <summary>The outcome words: the ESP-IDF station state, its fail reason, or the session step that failed.</summary>
    public const string Connected = "Connected";
    public const string SessionRefused = "SessionRefused";
    public const string TransportError = "TransportError";
    public const string Timeout = "Timeout";

    /// <summary>Runs proto-ver, the handshake, set/apply config and polls the status; returns the outcome word.</summary>
    /// <param name="say">Receives each progress line (never a secret).</param>
    /// <param name="tokenFile">Where to save the device's local API access token (0600), fetched inside the session.</param>
    public static string Run(IProtocommTransport transport, ISecurityClient security, byte[] ssid, string passphrase, TimeSpan timeout, Action<string> say, FileInfo? tokenFile = null)
    {
        var flow = new ProvisioningClient(transport);
        string ssidText = Encoding.UTF8.GetString(ssid);
        try
        {
            say($"proto-ver: {flow.ProtoVersion()}");
        }
        catch (Exception e) when (IsTransport(e))
        {
            say($"error: {Describe(e)}");
            return TransportError;
        }

        try
        {
            flow.Establish(security);
            say($"session:   sec{security.SecurityVersion} established");
        }
        catch (Exception e) when (e is SecurityClientException or InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException || IsTransport(e))
        {
            say($"error: {Describe(e)}");
            return SessionRefused;
        }

        // Before the config: once the device has joined its network it ends provisioning.
        if (tokenFile is not null)
        {
            string token;
            try
            {
                token = flow.GetAccessToken();
            }
            catch (Exception e) when (e is SecurityClientException or InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException || IsTransport(e))
            {
                say($"error: the device gave no access token: {Describe(e)}");
                return TransportError;
            }

            try
            {
                SaveToken(tokenFile, token);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                say($"error: cannot save the access token to {tokenFile.FullName}: {e.Message}");
                return TransportError;
            }

            say($"api-token: saved to {tokenFile.FullName} (send it as Authorization: Bearer)");
        }

        try
        {
            var set = flow.SetConfig(ssid, Encoding.UTF8.GetBytes(passphrase));
            say($"set-config: ssid \"{ssidText}\" -> {set.Status}");
            var apply = flow.ApplyConfig();
            say($"apply-config: {apply.Status}");
            var outcome = flow.WaitForOutcome(timeout);
            string detail = outcome.StaState == WifiStationState.ConnectionFailed ? $" ({outcome.FailReason})" : "";
            say($"status:    {outcome.StaState}{detail}");
            return outcome.StaState switch
            {
                WifiStationState.Connected => Connected,
                WifiStationState.ConnectionFailed => outcome.FailReason.ToString(),
                _ => Timeout,
            };
        }
        catch (Exception e) when (e is SecurityClientException or InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException || IsTransport(e))
        {
            say($"error: {Describe(e)}");
            return TransportError;
        }
    }

    private static void SaveToken(FileInfo file, string token)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(file.FullName, options);
        stream.Write(Encoding.ASCII.GetBytes(token + "\n"));
    }

    /// <summary>0 for Connected, 1 for any other outcome (2 is kept for bad options).</summary>
    public static int ExitCode(string outcome) => outcome == Connected ? 0 : 1;

    public static ISecurityClient Security(int level, string? pop, string username, string? password) => level switch
    {
        0 => new Sec0Client(),
        1 => new Sec1Client(string.IsNullOrEmpty(pop) ? null : Encoding.UTF8.GetBytes(pop)),
        2 => new Sec2Client(username, password ?? throw new ArgumentException("--sec 2 needs --password"), 1),
        _ => throw new ArgumentException($"--sec must be 0, 1 or 2, not {level}"),
    };

    private static string Describe(Exception e) => e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;

    private static bool IsTransport(Exception e) =>
        e is HttpRequestException or IOException or TaskCanceledException or System.Net.Sockets.SocketException or Accessory.Phone.Ble.BleLinkException;
}
