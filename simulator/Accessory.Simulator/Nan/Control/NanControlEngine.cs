using Accessory.Core.Nan;
using Accessory.Core.Ports;

namespace Accessory.Simulator.Nan.Control;

/// <summary>
/// hostap's NAN USD control commands (NAN_PUBLISH, NAN_CANCEL_PUBLISH, NAN_SUBSCRIBE, NAN_CANCEL_SUBSCRIBE,
/// NAN_TRANSMIT) carried out by the core's publishers and subscribers on one radio, so scripts and people who
/// drive wpa_supplicant can drive the simulated medium the same way. Publish and subscribe ids share one space
/// (1-255), as hostap's handles do. Subscribers also report the model's data-path answers as NAN-DATA-PATH-* events.
/// </summary>
public sealed class NanControlEngine : IDisposable
{
    public const string Ok = "OK";
    public const string UnknownCommand = "UNKNOWN COMMAND";

    private const int MaxTtlSeconds = 65_535;

    private readonly INanRadio _radio;
    private readonly IClock _clock;
    private readonly ICryptoProvider _crypto;
    private readonly Dictionary<byte, NanServiceInstance> _services = new();
    private readonly Dictionary<NanSubscriber, NanDataPathRequester> _requesters = new();
    private readonly object _gate = new();

    public NanControlEngine(INanRadio radio, IClock clock, ICryptoProvider crypto)
    {
        _radio = radio ?? throw new ArgumentNullException(nameof(radio));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _crypto = crypto ?? throw new ArgumentNullException(nameof(crypto));
    }

    /// <summary>Every event of every service, raised on the radio's or the timer's thread.</summary>
    public event NanNotificationHandler? Notified;

    /// <summary>Carries out one command line and returns the reply (an id, OK, PONG or UNKNOWN COMMAND).</summary>
    /// <exception cref="NanControlException">The command is known but cannot be carried out; the message says why.</exception>
    public string Execute(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string[] words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return UnknownCommand;
        }

        var rest = words.Skip(1);
        switch (words[0])
        {
            case "PING":
                return "PONG";
            case "NAN_PUBLISH":
                return Publish(NanControlArguments.Parse(words[0], rest, "service_name", "ttl", "ssi", "solicited", "unsolicited", "srv_proto_type", "freq", "fsd"));
            case "NAN_SUBSCRIBE":
                return Subscribe(NanControlArguments.Parse(words[0], rest, "service_name", "active", "ttl", "ssi", "srv_proto_type", "freq"));
            case "NAN_CANCEL_PUBLISH":
                return Cancel<NanPublisher>(NanControlArguments.Parse(words[0], rest, "publish_id"), "publish_id");
            case "NAN_CANCEL_SUBSCRIBE":
                return Cancel<NanSubscriber>(NanControlArguments.Parse(words[0], rest, "subscribe_id"), "subscribe_id");
            case "NAN_TRANSMIT":
                return Transmit(NanControlArguments.Parse(words[0], rest, "handle", "req_instance_id", "address", "ssi"));
            default:
                return UnknownCommand;
        }
    }

    /// <summary>Cancels every running service (each reports its termination).</summary>
    public void Dispose()
    {
        NanServiceInstance[] running;
        lock (_gate)
        {
            running = _services.Values.ToArray();
            _services.Clear();
        }

        foreach (var service in running)
        {
            service.Cancel();
        }
    }

    private string Publish(NanControlArguments args)
    {
        var config = new NanPublishConfig(args.ServiceName())
        {
            TtlSeconds = args.Number("ttl", 0, 0, MaxTtlSeconds),
            ServiceInfo = args.Bytes("ssi", NanServiceDescriptor.MaxFieldLength),
            Solicited = args.Flag("solicited", true),
            Unsolicited = args.Flag("unsolicited", true),
        };
        CheckRadioOnlyOptions(args);
        if (!config.Solicited && !config.Unsolicited)
        {
            throw new NanControlException("NAN_PUBLISH: solicited=0 with unsolicited=0 would publish nothing");
        }

        return Add(id => new NanPublisher(_radio, _clock, _crypto, id, config), null);
    }

    private string Subscribe(NanControlArguments args)
    {
        var config = new NanSubscribeConfig(args.ServiceName())
        {
            Active = args.Flag("active", false),
            TtlSeconds = args.Number("ttl", 0, 0, MaxTtlSeconds),
            ServiceInfo = args.Bytes("ssi", NanServiceDescriptor.MaxFieldLength),
        };
        CheckRadioOnlyOptions(args);
        return Add(id => new NanSubscriber(_radio, _clock, _crypto, id, config), subscriber => AttachRequester((NanSubscriber)subscriber));
    }

    // Channel and protocol-type options shape a real radio's frames; the medium has no channels, so they are only checked.
    private static void CheckRadioOnlyOptions(NanControlArguments args)
    {
        args.Number("srv_proto_type", 0, 0, 255);
        args.Number("freq", 0, 0, 100_000);
        args.Flag("fsd", true);
    }

    private string Add(Func<byte, NanServiceInstance> create, Action<NanServiceInstance>? attach)
    {
        NanServiceInstance service;
        lock (_gate)
        {
            byte id = FreeId();
            service = create(id);
            service.Notified += e => OnServiceEvent(service, e);
            attach?.Invoke(service);
            _services[id] = service;
        }

        service.Start();
        return service.InstanceId.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private string Cancel<T>(NanControlArguments args, string key)
        where T : NanServiceInstance
    {
        var service = Find<T>(args, key);
        lock (_gate)
        {
            _services.Remove(service.InstanceId);
        }

        service.Cancel();
        DetachRequester(service);
        return Ok;
    }

    // Called under _gate. A subscriber's data-path requests go through a requester, which resends unanswered ones.
    private void AttachRequester(NanSubscriber subscriber)
    {
        var requester = new NanDataPathRequester(subscriber, _clock);
        requester.Notified += Raise;
        _requesters[subscriber] = requester;
    }

    private string Transmit(NanControlArguments args)
    {
        var service = Find<NanServiceInstance>(args, "handle");
        if (!args.Has("req_instance_id"))
        {
            throw new NanControlException("NAN_TRANSMIT: req_instance_id= is required");
        }

        byte peer = (byte)args.Number("req_instance_id", 0, 1, 255);
        byte[] address = args.Address("address");
        byte[] message = args.Bytes("ssi", NanServiceDescriptor.MaxFieldLength) ?? [];
        NanDataPathMessage? request = NanDataPathCodec.Decode(message);
        NanDataPathRequester? requester = null;
        lock (_gate)
        {
            if (request is { Type: NanDataPathMessageType.Request } && service is NanSubscriber subscriber)
            {
                _requesters.TryGetValue(subscriber, out requester);
            }
        }

        NanFollowUpError error = requester != null
            ? requester.Request(address, peer, request!.Protocol, request.Port)
            : service.Transmit(address, peer, message);
        return error == NanFollowUpError.None ? Ok : throw new NanControlException("NAN_TRANSMIT: not sent: " + error);
    }

    private T Find<T>(NanControlArguments args, string key)
        where T : NanServiceInstance
    {
        int id = args.Number(key, 0, 1, 255);
        lock (_gate)
        {
            if (id != 0 && _services.TryGetValue((byte)id, out var service) && service is T typed)
            {
                return typed;
            }
        }

        throw new NanControlException(args.Has(key) ? $"no running {Kind<T>()} with {key}={id}" : $"{key}= is required");
    }

    private static string Kind<T>() =>
        typeof(T) == typeof(NanPublisher) ? "publish" : typeof(T) == typeof(NanSubscriber) ? "subscribe" : "publish or subscribe";

    private byte FreeId()
    {
        for (int id = 1; id <= 255; id++)
        {
            if (!_services.ContainsKey((byte)id))
            {
                return (byte)id;
            }
        }

        throw new NanControlException("all 255 publish/subscribe ids are in use");
    }

    // A terminated service frees its id, unless a cancel already did and the id went to a newer service.
    private void OnServiceEvent(NanServiceInstance service, NanEvent e)
    {
        if (e.Name is NanEvents.PublishTerminated or NanEvents.SubscribeTerminated)
        {
            lock (_gate)
            {
                if (_services.TryGetValue(e.LocalInstanceId, out var current) && ReferenceEquals(current, service))
                {
                    _services.Remove(e.LocalInstanceId);
                }
            }

            DetachRequester(service);
        }

        Raise(e);
    }

    private void DetachRequester(NanServiceInstance service)
    {
        lock (_gate)
        {
            if (service is NanSubscriber subscriber && _requesters.Remove(subscriber, out var requester))
            {
                requester.Detach();
            }
        }
    }

    private void Raise(NanEvent e) => Notified?.Invoke(e);
}
