using Accessory.Core.Cloud;
using Accessory.Core.Commands;

namespace Accessory.Core.Ble.Control;

/// <summary>
/// Lamp control over BLE with the same commands and result JSON as MQTT and the local API: the state is readable
/// and notified on every change, commands are written as <see cref="CommandFrame"/>s, and each outcome is readable
/// and notified on the result characteristic before the action it asks for (identify, reboot, reset) is raised.
/// </summary>
public sealed class ControlGattService
{
    private readonly GattNotifier _notifier = new GattNotifier();
    private readonly object _gate = new object();
    private byte[] _lastResult = new byte[0];

    public ControlGattService(DeviceCommands commands)
    {
        Commands = commands ?? throw new System.ArgumentNullException(nameof(commands));
        State = new GattCharacteristic(ControlGattUuids.Characteristic(ControlGattUuids.State), GattProperty.Read | GattProperty.Notify, new LiveValueHandler(StateValue));
        Command = new GattCharacteristic(ControlGattUuids.Characteristic(ControlGattUuids.Command), GattProperty.Write, new CommandHandler(this));
        Result = new GattCharacteristic(ControlGattUuids.Characteristic(ControlGattUuids.Result), GattProperty.Read | GattProperty.Notify, new LiveValueHandler(ResultValue));
        Service = new GattService(ControlGattUuids.ServiceUuid)
            .Add(State.Describe("state"))
            .Add(Command.Describe("command"))
            .Add(Result.Describe("result"));
        commands.Lamp.Changed += lamp => _notifier.Notify(State, lamp.ToJson());
    }

    public DeviceCommands Commands { get; }

    public GattService Service { get; }

    public GattCharacteristic State { get; }

    public GattCharacteristic Command { get; }

    public GattCharacteristic Result { get; }

    /// <summary>The last outcome JSON; empty before the first command.</summary>
    public byte[] LastResult
    {
        get
        {
            lock (_gate)
            {
                return _lastResult;
            }
        }
    }

    public void Attach(GattServer server) => _notifier.Attach(server);

    private void Run(byte[] frame)
    {
        CommandFrame.Split(frame, out string name, out byte[] payload);
        var outcome = Commands.Execute(name, payload);
        var json = outcome.ToJson();
        lock (_gate)
        {
            _lastResult = json;
        }

        _notifier.Notify(Result, json);
        Commands.Complete(outcome);
    }

    private byte[] StateValue() => Commands.Lamp.ToJson();

    private byte[] ResultValue() => LastResult;

    private sealed class CommandHandler : IGattValueHandler, IGattConnectionObserver
    {
        private readonly object _gate = new object();
        private readonly ConnectionStates _frames = new ConnectionStates();
        private readonly ControlGattService _owner;

        public CommandHandler(ControlGattService owner)
        {
            _owner = owner;
        }

        public GattReadResult Read(GattConnection connection, int offset) => GattReadResult.Error(GattStatus.ReadNotPermitted);

        public GattStatus Write(GattConnection connection, int offset, byte[] data)
        {
            byte[] frame;
            lock (_gate)
            {
                var assembly = (WriteAssembly?)_frames.Find(connection.Id);
                if (assembly == null)
                {
                    assembly = new WriteAssembly(CommandFrame.MaxLength);
                    _frames.Put(connection.Id, assembly);
                }

                var status = assembly.Accept(offset, data);
                if (status != GattStatus.Success)
                {
                    return status;
                }

                frame = assembly.ToArray();
                if (!CommandFrame.IsComplete(frame))
                {
                    return GattStatus.Success;
                }

                assembly.Clear();
            }

            // Outside the gate: executing changes the lamp, whose notification goes out from here.
            _owner.Run(frame);
            return GattStatus.Success;
        }

        public void Disconnected(GattConnection connection)
        {
            lock (_gate)
            {
                _frames.Remove(connection.Id);
            }
        }
    }
}
