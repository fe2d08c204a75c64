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

    /// <summary>The frame name that presents the access token: <c>auth\n&lt;token&gt;</c>.</summary>
    public const string AuthCommand = "auth";

    /// <summary>Wrong tokens one connection may present before every further write on it is refused.</summary>
    public const int MaxFailedAttempts = 3;

    private readonly LocalApi.AccessToken _token;

    /// <param name="token">
    /// The access token a central must write (<c>auth\n&lt;token&gt;</c>) on its connection before any command runs.
    /// Chosen over BlueZ pairing/bonding because the simulator's virtual link and headless test rigs have no pairing
    /// agent, and because the same secret then guards the local API and BLE alike (and rotates with a factory reset).
    /// </param>
    public ControlGattService(DeviceCommands commands, LocalApi.AccessToken token)
    {
        _token = token ?? throw new System.ArgumentNullException(nameof(token));
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

    private void Publish(byte[] json)
    {
        lock (_gate)
        {
            _lastResult = json;
        }

        _notifier.Notify(Result, json);
    }

    private void Run(string name, byte[] payload)
    {
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

        // Per connection: an int[1] of wrong tokens so far, or Authorized once the right one was written.
        private readonly ConnectionStates _access = new ConnectionStates();
        private readonly object _authorized = new object();
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
                if (!CommandFrame.IsComplete(frame) || IsShortAuth(frame))
                {
                    return GattStatus.Success;
                }

                assembly.Clear();
            }

            CommandFrame.Split(frame, out string name, out byte[] payload);
            if (name == AuthCommand)
            {
                return Authenticate(connection, payload);
            }

            bool allowed;
            lock (_gate)
            {
                allowed = _access.Find(connection.Id) == _authorized;
            }

            if (!allowed)
            {
                _owner.Publish(Text.Utf8.Encode("{\"ok\":false,\"command\":\"" + (CommandNames.IsKnown(name) ? name : "?") +
                    "\",\"error\":\"unauthorized: write auth\\n<access token> on this connection first\"}"));
                return GattStatus.InsufficientAuthorization;
            }

            // Outside the gate: executing changes the lamp, whose notification goes out from here.
            _owner.Run(name, payload);
            return GattStatus.Success;
        }

        // "auth\n" plus a token is longer than one ATT write at the default MTU: wait for all of the token's characters.
        private static bool IsShortAuth(byte[] frame)
        {
            int prefix = AuthCommand.Length + 1;
            if (frame.Length < prefix || frame[AuthCommand.Length] != (byte)'\n')
            {
                return false;
            }

            for (int i = 0; i < AuthCommand.Length; i++)
            {
                if (frame[i] != (byte)AuthCommand[i])
                {
                    return false;
                }
            }

            return frame.Length - prefix < LocalApi.AccessToken.Length;
        }

        private GattStatus Authenticate(GattConnection connection, byte[] payload)
        {
            lock (_gate)
            {
                var state = _access.Find(connection.Id);
                if (state == _authorized)
                {
                    return GattStatus.Success;
                }

                var failures = (int[]?)state;
                if (failures != null && failures[0] >= MaxFailedAttempts)
                {
                    // No more guesses on this connection: a central must reconnect, which costs it seconds each time.
                    return GattStatus.InsufficientAuthorization;
                }

                if (_owner._token.Matches(Text.Utf8.Decode(payload).Trim()))
                {
                    _access.Put(connection.Id, _authorized);
                }
                else
                {
                    if (failures == null)
                    {
                        failures = new int[1];
                        _access.Put(connection.Id, failures);
                    }

                    failures[0]++;
                    _owner.Publish(Text.Utf8.Encode("{\"ok\":false,\"command\":\"auth\",\"error\":\"wrong access token\"}"));
                    return GattStatus.InsufficientAuthorization;
                }
            }

            _owner.Publish(Text.Utf8.Encode("{\"ok\":true,\"command\":\"auth\"}"));
            return GattStatus.Success;
        }

        public void Disconnected(GattConnection connection)
        {
            lock (_gate)
            {
                _frames.Remove(connection.Id);
                _access.Remove(connection.Id);
            }
        }
    }
}
