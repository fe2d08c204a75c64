using Accessory.Phone.Ble;

namespace Accessory.Simulator.Tests.Ble.Improv;

/// <summary>
/// A phone talking Improv to the device over the virtual link: subscribed to state, error and result, writing RPC
/// packets to the command characteristic, and remembering every notification in arrival order.
/// </summary>
internal sealed class ImprovPhone : IAsyncDisposable
{
    public const string StateUuid = "00467768-6228-2272-4663-277478268001";
    public const string ErrorUuid = "00467768-6228-2272-4663-277478268002";
    public const string CommandUuid = "00467768-6228-2272-4663-277478268003";
    public const string ResultUuid = "00467768-6228-2272-4663-277478268004";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private ImprovPhone(VirtualBleClient client)
    {
        Client = client;
        State = Find(client, StateUuid);
        Error = Find(client, ErrorUuid);
        Command = Find(client, CommandUuid);
        Result = Find(client, ResultUuid);
    }

    public VirtualBleClient Client { get; }

    public RemoteCharacteristic State { get; }

    public RemoteCharacteristic Error { get; }

    public RemoteCharacteristic Command { get; }

    public RemoteCharacteristic Result { get; }

    /// <summary>Every notification taken from the link so far, oldest first.</summary>
    public List<BleNotification> Seen { get; } = [];

    public static async Task<ImprovPhone> ConnectAsync(BleDevice device, int? mtu = null)
    {
        var client = await device.ConnectPhoneAsync();
        try
        {
            if (mtu is int wanted)
            {
                await client.ExchangeMtuAsync(wanted);
            }

            var phone = new ImprovPhone(client);
            await client.SubscribeAsync(phone.State.ValueHandle);
            await client.SubscribeAsync(phone.Error.ValueHandle);
            await client.SubscribeAsync(phone.Result.ValueHandle);
            return phone;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public Task SendAsync(byte[] packet) => Client.WriteAsync(Command.ValueHandle, packet);

    public async Task<byte> ReadStateAsync() => (await Client.ReadAsync(State.ValueHandle)).Single();

    public async Task<byte> ReadErrorAsync() => (await Client.ReadAsync(Error.ValueHandle)).Single();

    /// <summary>The whole latest result, by a long read (a notification holds only MTU - 3 bytes).</summary>
    public async Task<(byte Command, string[] Strings)> ReadResultAsync() => ImprovRpc.ParseResult(await Client.ReadAsync(Result.ValueHandle));

    /// <summary>Takes notifications until one of <paramref name="characteristic"/> carries <paramref name="value"/>.</summary>
    public Task<byte[]> ExpectAsync(RemoteCharacteristic characteristic, byte value) =>
        ExpectAsync(characteristic, v => v.Length == 1 && v[0] == value, $"0x{value:x2}");

    /// <summary>Takes notifications until one of <paramref name="characteristic"/> satisfies <paramref name="match"/>.</summary>
    public async Task<byte[]> ExpectAsync(RemoteCharacteristic characteristic, Func<byte[], bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            while (true)
            {
                var notification = await Client.Notifications.ReadAsync(timeout.Token);
                Seen.Add(notification);
                if (notification.ValueHandle == characteristic.ValueHandle && match(notification.Value))
                {
                    return notification.Value;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no notification {what} on {characteristic.Uuid} within {Patience}; seen: {Describe()}");
        }
    }

    /// <summary>The one-byte values notified on <paramref name="characteristic"/>, in order.</summary>
    public byte[] ValuesOf(RemoteCharacteristic characteristic) =>
        [.. Seen.Where(n => n.ValueHandle == characteristic.ValueHandle && n.Value.Length == 1).Select(n => n.Value[0])];

    public string Describe() => string.Join(", ", Seen.Select(n => $"{n.ValueHandle}:{Convert.ToHexString(n.Value)}"));

    public ValueTask DisposeAsync() => Client.DisposeAsync();

    private static RemoteCharacteristic Find(VirtualBleClient client, string uuid) =>
        client.FindCharacteristic(uuid) ?? throw new InvalidOperationException("the device serves no Improv characteristic " + uuid);
}
