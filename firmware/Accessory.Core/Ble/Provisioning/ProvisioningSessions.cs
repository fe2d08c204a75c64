using System.Collections;
using Accessory.Core.Provisioning;

namespace Accessory.Core.Ble.Provisioning;

/// <summary>
/// One protocomm session per BLE connection, shared by all endpoint characteristics: opened on the connection's
/// first request, closed when a request fails (as the HTTP transport drops its socket) or the central leaves.
/// Requests are serialised because a session's cipher stream must see them in order.
/// </summary>
internal sealed class ProvisioningSessions
{
    private readonly object _gate = new object();
    private readonly ArrayList _open = new ArrayList();
    private readonly ProtocommRouter _router;

    public ProvisioningSessions(ProtocommRouter router)
    {
        _router = router;
    }

    /// <summary>The session id a connection maps to.</summary>
    // The router is shared with the HTTP transport, whose session ids are random: BLE's live in their own range.
    public static uint SessionOf(GattConnection connection) => 0xB1E00000u | ((uint)connection.Id & 0x000FFFFFu);

    public ProtocommResponse Handle(GattConnection connection, string endpoint, byte[] request)
    {
        lock (_gate)
        {
            if (!_open.Contains(connection.Id))
            {
                _router.OpenSession(SessionOf(connection));
                _open.Add(connection.Id);
            }

            var response = _router.Handle(SessionOf(connection), endpoint, request);
            if (response.Outcome == ProtocommOutcome.NoSession || response.Outcome == ProtocommOutcome.HandlerFailed)
            {
                CloseLocked(connection);
            }

            return response;
        }
    }

    public void Close(GattConnection connection)
    {
        lock (_gate)
        {
            CloseLocked(connection);
        }
    }

    private void CloseLocked(GattConnection connection)
    {
        if (_open.Contains(connection.Id))
        {
            _open.Remove(connection.Id);
            _router.CloseSession(SessionOf(connection));
        }
    }
}
