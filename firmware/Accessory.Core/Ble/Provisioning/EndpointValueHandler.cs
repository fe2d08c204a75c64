using Accessory.Core.Provisioning;

namespace Accessory.Core.Ble.Provisioning;

/// <summary>
/// One protocomm endpoint as a characteristic: the request is written (in pieces when longer than one ATT packet),
/// the response is read back. The read at offset 0 after a write runs the request and keeps the response, so a
/// long read's later pieces (offset &gt; 0) come from the same response instead of running the request again.
/// </summary>
internal sealed class EndpointValueHandler : IGattValueHandler, IGattConnectionObserver
{
    private readonly object _gate = new object();
    private readonly ConnectionStates _states = new ConnectionStates();
    private readonly ProvisioningSessions _sessions;
    private readonly string _endpoint;

    public EndpointValueHandler(ProvisioningSessions sessions, string endpoint)
    {
        _sessions = sessions;
        _endpoint = endpoint;
    }

    public GattReadResult Read(GattConnection connection, int offset)
    {
        byte[] request;
        lock (_gate)
        {
            var state = (Exchange?)_states.Find(connection.Id);
            if (state == null)
            {
                return GattReadResult.Ok(new byte[0]);
            }

            if (offset != 0 || !state.Pending)
            {
                return GattReadResult.Ok(state.Response);
            }

            request = state.Request.ToArray();
            state.Pending = false;
            state.Response = new byte[0];
        }

        // Outside this gate: a request may take long (a blocking scan) and must not hold up the connection's other
        // characteristics; the sessions object serialises the requests themselves.
        var response = _sessions.Handle(connection, _endpoint, request);
        if (response.Outcome != ProtocommOutcome.Ok)
        {
            return GattReadResult.Error(response.Outcome == ProtocommOutcome.Stopped ? GattStatus.RequestNotSupported : GattStatus.UnlikelyError);
        }

        lock (_gate)
        {
            var state = (Exchange?)_states.Find(connection.Id);
            if (state != null)
            {
                state.Response = response.Body;
            }
        }

        return GattReadResult.Ok(response.Body);
    }

    public GattStatus Write(GattConnection connection, int offset, byte[] data)
    {
        lock (_gate)
        {
            var state = (Exchange?)_states.Find(connection.Id);
            if (state == null)
            {
                state = new Exchange();
                _states.Put(connection.Id, state);
            }

            var status = state.Request.Accept(offset, data);
            if (status == GattStatus.Success)
            {
                state.Pending = true;
            }
            else if (status == GattStatus.InvalidAttributeValueLength)
            {
                state.Pending = false;
            }

            return status;
        }
    }

    public void Disconnected(GattConnection connection)
    {
        lock (_gate)
        {
            _states.Remove(connection.Id);
        }

        _sessions.Close(connection);
    }

    private sealed class Exchange
    {
        public WriteAssembly Request { get; } = new WriteAssembly(ProvisioningGattService.MaxRequestLength);

        public bool Pending { get; set; }

        public byte[] Response { get; set; } = new byte[0];
    }
}
