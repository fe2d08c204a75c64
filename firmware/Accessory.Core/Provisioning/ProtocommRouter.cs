using System;
using System.Collections;

namespace Accessory.Core.Provisioning;

/// <summary>
/// The protocomm request pipeline shared by every transport: endpoint name -> handler, with the security scheme
/// decrypting requests and encrypting responses for every endpoint except proto-ver and prov-session.
/// Transports only map their addressing (URI, characteristic) to a name and their connection to a session id.
/// </summary>
public sealed class ProtocommRouter
{
    private readonly ArrayList _names = new ArrayList();
    private readonly ArrayList _handlers = new ArrayList();
    private readonly object _gate = new object();
    private readonly ArrayList _fresh = new ArrayList();
    private bool _stopped;

    public ProtocommRouter(ISecurityScheme security)
    {
        Security = security;
    }

    public ISecurityScheme Security { get; }

    /// <summary>
    /// Raised after every answer, on the transport's thread; <c>sessionOpened</c> marks the first request of a session
    /// opened by <see cref="OpenSession"/>. Listeners must be quick and must not call back into the router.
    /// </summary>
    public event ProtocommRequestAnswered? RequestAnswered;

    /// <summary>Registers an endpoint; names are unique and must be added before provisioning starts.</summary>
    public void AddEndpoint(string name, IProtocommEndpoint handler)
    {
        lock (_gate)
        {
            if (IndexOf(name) >= 0)
            {
                throw new ArgumentException("endpoint '" + name + "' is already registered");
            }

            _names.Add(name);
            _handlers.Add(handler);
        }
    }

    public bool HasEndpoint(string name)
    {
        lock (_gate)
        {
            return IndexOf(name) >= 0;
        }
    }

    /// <summary>Names of the registered endpoints, in registration order (BLE UUIDs follow this order).</summary>
    public string[] EndpointNamesInOrder()
    {
        lock (_gate)
        {
            var names = new string[_names.Count];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = (string)_names[i]!;
            }

            return names;
        }
    }

    /// <summary>After provisioning ends every request is refused with <see cref="ProtocommOutcome.Stopped"/>.</summary>
    public bool Stopped
    {
        get
        {
            lock (_gate)
            {
                return _stopped;
            }
        }

        set
        {
            lock (_gate)
            {
                _stopped = value;
            }
        }
    }

    public void OpenSession(uint sessionId)
    {
        Security.OpenSession(sessionId);
        lock (_gate)
        {
            if (!_fresh.Contains(sessionId))
            {
                _fresh.Add(sessionId);
            }
        }
    }

    public void CloseSession(uint sessionId)
    {
        Security.CloseSession(sessionId);
        lock (_gate)
        {
            _fresh.Remove(sessionId);
        }
    }

    public ProtocommResponse Handle(uint sessionId, string endpoint, byte[] request)
    {
        var response = Answer(sessionId, endpoint, request);
        bool opened;
        lock (_gate)
        {
            opened = _fresh.Contains(sessionId);
            _fresh.Remove(sessionId);
        }

        var listeners = RequestAnswered;
        if (listeners != null)
        {
            listeners(sessionId, endpoint, response.Outcome, opened);
        }

        return response;
    }

    private ProtocommResponse Answer(uint sessionId, string endpoint, byte[] request)
    {
        IProtocommEndpoint? handler;
        lock (_gate)
        {
            if (_stopped)
            {
                return Fail(ProtocommOutcome.Stopped, "provisioning has ended; endpoints are closed until reprovision or factory reset");
            }

            int index = IndexOf(endpoint);
            handler = index < 0 ? null : (IProtocommEndpoint)_handlers[index]!;
        }

        if (handler == null)
        {
            return Fail(ProtocommOutcome.UnknownEndpoint, "no endpoint named '" + endpoint + "'");
        }

        bool plain = endpoint == EndpointNames.ProtoVersion || endpoint == EndpointNames.Session;
        if (!plain && !Security.IsEstablished(sessionId))
        {
            return Fail(ProtocommOutcome.NoSession, "endpoint '" + endpoint + "' needs an established session; start one on prov-session");
        }

        try
        {
            if (plain)
            {
                return new ProtocommResponse(ProtocommOutcome.Ok, handler.Handle(sessionId, request), string.Empty);
            }

            byte[] response = handler.Handle(sessionId, Security.Decrypt(sessionId, request));
            return new ProtocommResponse(ProtocommOutcome.Ok, Security.Encrypt(sessionId, response), string.Empty);
        }
#pragma warning disable CA1031 // any handler failure must become an outcome; the device keeps serving
        catch (Exception e)
#pragma warning restore CA1031
        {
            return Fail(ProtocommOutcome.HandlerFailed, "endpoint '" + endpoint + "' failed: " + e.Message);
        }
    }

    private static ProtocommResponse Fail(ProtocommOutcome outcome, string reason) => new ProtocommResponse(outcome, new byte[0], reason);

    private int IndexOf(string name)
    {
        for (int i = 0; i < _names.Count; i++)
        {
            if ((string)_names[i]! == name)
            {
                return i;
            }
        }

        return -1;
    }
}
