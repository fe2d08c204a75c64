namespace Accessory.Core.Ble.Improv;

/// <summary>
/// The Improv BLE service over an <see cref="ImprovService"/>: state, error and result are read from it and
/// notified on every change; RPC command writes are assembled per connection into packets.
/// </summary>
public sealed class ImprovGattService
{
    private readonly GattNotifier _notifier = new GattNotifier();

    public ImprovGattService(ImprovService improv)
    {
        Improv = improv ?? throw new System.ArgumentNullException(nameof(improv));
        CurrentState = new GattCharacteristic(BleUuid.Parse(ImprovUuids.CurrentState), GattProperty.Read | GattProperty.Notify, new LiveValueHandler(StateValue));
        ErrorState = new GattCharacteristic(BleUuid.Parse(ImprovUuids.ErrorState), GattProperty.Read | GattProperty.Notify, new LiveValueHandler(ErrorValue));
        RpcCommand = new GattCharacteristic(BleUuid.Parse(ImprovUuids.RpcCommand), GattProperty.Write, new CommandHandler(improv));
        RpcResult = new GattCharacteristic(BleUuid.Parse(ImprovUuids.RpcResult), GattProperty.Read | GattProperty.Notify, new LiveValueHandler(ResultValue));
        Capabilities = new GattCharacteristic(BleUuid.Parse(ImprovUuids.Capabilities), GattProperty.Read, new StaticValueHandler(new byte[] { (byte)ImprovService.Capabilities }));
        Service = new GattService(BleUuid.Parse(ImprovUuids.Service))
            .Add(CurrentState)
            .Add(ErrorState)
            .Add(RpcCommand)
            .Add(RpcResult)
            .Add(Capabilities);
        improv.StateChanged += changed => _notifier.Notify(CurrentState, new byte[] { (byte)changed.State });
        improv.ErrorChanged += changed => _notifier.Notify(ErrorState, new byte[] { (byte)changed.Error });
        improv.ResultProduced += result => _notifier.Notify(RpcResult, result);
    }

    public ImprovService Improv { get; }

    public GattService Service { get; }

    public GattCharacteristic CurrentState { get; }

    public GattCharacteristic ErrorState { get; }

    public GattCharacteristic RpcCommand { get; }

    public GattCharacteristic RpcResult { get; }

    public GattCharacteristic Capabilities { get; }

    /// <summary>Starts notifying through <paramref name="server"/> (built from a database holding <see cref="Service"/>).</summary>
    public void Attach(GattServer server) => _notifier.Attach(server);

    private byte[] StateValue() => new byte[] { (byte)Improv.State };

    private byte[] ErrorValue() => new byte[] { (byte)Improv.Error };

    private byte[] ResultValue() => Improv.LastResult;

    private sealed class CommandHandler : IGattValueHandler, IGattConnectionObserver
    {
        private readonly object _gate = new object();
        private readonly ConnectionStates _assemblers = new ConnectionStates();
        private readonly ImprovService _improv;

        public CommandHandler(ImprovService improv)
        {
            _improv = improv;
        }

        public GattReadResult Read(GattConnection connection, int offset) => GattReadResult.Error(GattStatus.ReadNotPermitted);

        public GattStatus Write(GattConnection connection, int offset, byte[] data)
        {
            byte[][] packets;
            lock (_gate)
            {
                var assembler = (ImprovPacketAssembler?)_assemblers.Find(connection.Id);
                if (assembler == null)
                {
                    assembler = new ImprovPacketAssembler();
                    _assemblers.Put(connection.Id, assembler);
                }

                var status = assembler.Accept(offset, data, out packets);
                if (status != GattStatus.Success)
                {
                    return status;
                }
            }

            // Outside the gate: a provisioner may call back synchronously and notifications go out from here.
            for (int i = 0; i < packets.Length; i++)
            {
                _improv.Receive(packets[i]);
                if (_improv.Error == ImprovError.InvalidRpc)
                {
                    ClearAssembler(connection);
                    break;
                }
            }

            return GattStatus.Success;
        }

        public void Disconnected(GattConnection connection)
        {
            lock (_gate)
            {
                _assemblers.Remove(connection.Id);
            }
        }

        private void ClearAssembler(GattConnection connection)
        {
            lock (_gate)
            {
                ((ImprovPacketAssembler?)_assemblers.Find(connection.Id))?.Clear();
            }
        }
    }
}
