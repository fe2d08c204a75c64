using Accessory.Core.Nan;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Nan.Wpa;

/// <summary>
/// A publisher whose discovery engine is wpa_supplicant's (NAN USD on a real radio): the counterpart of the core's
/// <see cref="NanPublisher"/>, which runs its own engine over an <see cref="INanRadio"/>. Events arrive on
/// wpa_supplicant's control socket and are raised, mapped, on <see cref="Notified"/> from the receive thread.
/// </summary>
public sealed class WpaNanPublisher : IDisposable
{
    private const string Component = "nan-wpa";

    private readonly WpaControlClient _client;
    private readonly WpaNanOptions _options;
    private readonly ILog? _log;
    private long _unparsedEvents;
    private int _publishId;

    private WpaNanPublisher(WpaControlClient client, WpaNanOptions options, ILog? log)
    {
        _client = client;
        _options = options;
        _log = log;
        _client.EventReceived += OnEvent;
    }

    public event NanNotificationHandler? Notified;

    /// <summary>wpa_supplicant's id for the running publish; 0 before <see cref="Start"/> and after <see cref="Cancel"/>.</summary>
    public int PublishId => Volatile.Read(ref _publishId);

    /// <summary>NAN events whose fields could not be read; they are dropped, not raised.</summary>
    public long UnparsedEvents => Interlocked.Read(ref _unparsedEvents);

    /// <summary>Connects to wpa_supplicant for the interface and attaches for events.</summary>
    public static WpaNanPublisher Open(WpaNanOptions options, ILog? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = WpaControlClient.Connect(options.SocketPath, options.ReplyTimeout);
        try
        {
            var publisher = new WpaNanPublisher(client, options, log);
            client.Attach();
            return publisher;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Sends NAN_PUBLISH and returns wpa_supplicant's publish id.</summary>
    public int Start(NanPublishConfig config)
    {
        string command = WpaNanCommands.Publish(config, _options.ServiceProtocolType);
        string reply = _client.Request(command);
        if (!int.TryParse(reply, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id) || id <= 0)
        {
            throw new WpaNanException("this wpa_supplicant or driver does not support NAN USD (NAN_PUBLISH answered '" + reply + "' on " + _options.InterfaceName + ")");
        }

        Volatile.Write(ref _publishId, id);
        Log(LogLevel.Information, "published " + config.ServiceName.FullName + " as publish_id=" + id);
        return id;
    }

    /// <summary>Sends NAN_CANCEL_PUBLISH; wpa_supplicant then reports NAN-PUBLISH-TERMINATED reason=user-request.</summary>
    public void Cancel()
    {
        int id = Interlocked.Exchange(ref _publishId, 0);
        if (id != 0)
        {
            ExpectOk(WpaNanCommands.CancelPublish(id));
        }
    }

    /// <summary>A follow-up to a subscriber that found us (its address and instance id come from NAN-REPLIED or NAN-RECEIVE).</summary>
    public NanFollowUpError Transmit(byte[] peerAddress, byte peerInstanceId, byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        int id = PublishId;
        NanFollowUpError error =
            id == 0 ? NanFollowUpError.Terminated
            : !NanAddress.IsValid(peerAddress) || NanAddress.IsBroadcast(peerAddress) ? NanFollowUpError.BadAddress
            : peerInstanceId == 0 ? NanFollowUpError.BadPeerInstanceId
            : message.Length > NanServiceDescriptor.MaxFieldLength ? NanFollowUpError.MessageTooLong
            : NanFollowUpError.None;
        if (error == NanFollowUpError.None)
        {
            ExpectOk(WpaNanCommands.Transmit(id, peerInstanceId, peerAddress, message));
        }

        return error;
    }

    public void Dispose()
    {
        _client.EventReceived -= OnEvent;
        _client.Dispose();
    }

    private void ExpectOk(string command)
    {
        string reply = _client.Request(command);
        if (reply != "OK")
        {
            throw new WpaNanException("wpa_supplicant on " + _options.InterfaceName + " answered '" + reply + "' to " + command);
        }
    }

    private void OnEvent(string text)
    {
        WpaEventLine? line = WpaEventLine.TryParse(text);
        if (line == null || !WpaNanEventMapper.IsNanEvent(line, out NanEvent? nanEvent))
        {
            return;
        }

        if (nanEvent == null)
        {
            Interlocked.Increment(ref _unparsedEvents);
            Log(LogLevel.Warning, "ignored unreadable event: " + text);
            return;
        }

        if (nanEvent.Name == NanEvents.PublishTerminated)
        {
            Interlocked.CompareExchange(ref _publishId, 0, nanEvent.LocalInstanceId);
        }

        Log(LogLevel.Information, nanEvent.ToString());
        Notified?.Invoke(nanEvent);
    }

    private void Log(LogLevel level, string message)
    {
        if (_log != null && _log.IsEnabled(level))
        {
            _log.Write(level, Component, message);
        }
    }
}
