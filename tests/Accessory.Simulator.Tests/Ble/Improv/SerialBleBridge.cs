using System.Text.Json;
using System.Threading.Channels;
using Accessory.Phone.Ble;

namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>
/// Carries the serial SDK's conversation to the device over BLE and back. RPCs keep their command, length and data
/// and gain BLE's checksum; state, error and result notifications become serial packets of type 1, 2 and 4 (a result
/// loses its BLE checksum, since the serial packet has its own). One loop handles both directions, in arrival order.
/// </summary>
internal sealed class SerialBleBridge
{
    // Serial's "request current state" RPC; BLE has no such command (its 0x02 is identify) but a readable state.
    private const byte RequestCurrentState = 0x02;

    private readonly ImprovPhone _phone;
    private readonly SdkProcess _sdk;
    private readonly Channel<object> _inputs = Channel.CreateUnbounded<object>();
    private readonly List<byte> _serial = [];

    public SerialBleBridge(ImprovPhone phone, SdkProcess sdk)
    {
        _phone = phone;
        _sdk = sdk;
    }

    /// <summary>What went each way, for failure messages.</summary>
    public List<string> Trace { get; } = [];

    /// <summary>Bridges until the script prints its outcome, which is returned.</summary>
    public async Task<JsonElement> RunAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        _phone.Client.NotificationReceived += (_, n) => _inputs.Writer.TryWrite(n);
        var lines = PumpLinesAsync(timeout.Token);
        try
        {
            while (true)
            {
                var input = await _inputs.Reader.ReadAsync(timeout.Token);
                if (input is BleNotification notification)
                {
                    await FromDeviceAsync(notification);
                    continue;
                }

                string line = (string)input;
                if (line.StartsWith("RESULT ", StringComparison.Ordinal))
                {
                    return JsonDocument.Parse(line[7..]).RootElement.Clone();
                }

                if (line.StartsWith("TX ", StringComparison.Ordinal))
                {
                    _serial.AddRange(Convert.FromHexString(line[3..]));
                    foreach (var (type, data) in ImprovSerialFrame.Drain(_serial))
                    {
                        await FromSdkAsync(type, data);
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"the SDK gave no outcome within {limit}.\nbridge:\n{string.Join('\n', Trace)}\nSDK log:\n{_sdk.Log}");
        }
        finally
        {
            await timeout.CancelAsync();
            await lines;
        }
    }

    private async Task PumpLinesAsync(CancellationToken cancel)
    {
        try
        {
            await foreach (var line in _sdk.Lines.ReadAllAsync(cancel))
            {
                _inputs.Writer.TryWrite(line);
            }

            _inputs.Writer.TryComplete();
        }
        catch (OperationCanceledException)
        {
            // The bridge is done.
        }
    }

    private async Task FromSdkAsync(byte type, byte[] rpc)
    {
        Trace.Add($"sdk -> {type}:{Convert.ToHexString(rpc)}");
        if (type != ImprovSerialFrame.Rpc || rpc.Length < 2)
        {
            throw new FormatException($"the SDK sent a serial packet of type {type} with {rpc.Length} bytes; only RPCs were expected");
        }

        if (rpc[0] == RequestCurrentState)
        {
            byte state = await _phone.ReadStateAsync();
            await ToSdkAsync(ImprovSerialFrame.CurrentState, [state]);
            if (state == ImprovExpectations.StateProvisioned)
            {
                // Serial answers this RPC of a provisioned device with the redirect URL(s), under its own command.
                byte[] result = await _phone.Client.ReadAsync(_phone.Result.ValueHandle);
                await ToSdkAsync(ImprovSerialFrame.RpcResult, [RequestCurrentState, .. result[1..^1]]);
            }

            return;
        }

        await _phone.SendAsync([.. rpc, ImprovRpc.Checksum(rpc)]);
    }

    private async Task FromDeviceAsync(BleNotification notification)
    {
        Trace.Add($"device -> {notification.ValueHandle}:{Convert.ToHexString(notification.Value)}");
        if (notification.ValueHandle == _phone.State.ValueHandle)
        {
            await ToSdkAsync(ImprovSerialFrame.CurrentState, notification.Value);
        }
        else if (notification.ValueHandle == _phone.Error.ValueHandle)
        {
            await ToSdkAsync(ImprovSerialFrame.ErrorState, notification.Value);
        }
        else if (notification.ValueHandle == _phone.Result.ValueHandle)
        {
            // The bridge runs at a large MTU, so a whole result fits its notification; ParseResult checks that it did.
            ImprovRpc.ParseResult(notification.Value);
            await ToSdkAsync(ImprovSerialFrame.RpcResult, notification.Value[..^1]);
        }
    }

    private async Task ToSdkAsync(byte type, byte[] data)
    {
        bool delivered = await _sdk.DeliverAsync(ImprovSerialFrame.Encode(type, data));
        Trace.Add($"-> sdk {type}:{Convert.ToHexString(data)}" + (delivered ? string.Empty : " (the SDK had exited)"));
    }
}
