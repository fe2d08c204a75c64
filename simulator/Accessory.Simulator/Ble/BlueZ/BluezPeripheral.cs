using Accessory.Core.Ble;
using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Ble.BlueZ;

/// <summary>
/// Makes a real Bluetooth adapter act as the accessory: exports the GATT server as a BlueZ application over D-Bus,
/// registers it and an advertisement with bluetoothd, and serves bluetoothd's reads, writes and notifications.
/// </summary>
public sealed class BluezPeripheral : IAsyncDisposable
{
    /// <summary>The application's object root; per D-Bus connection, so two peripherals in one process do not clash.</summary>
    public const string ApplicationPath = "/accessory/gatt";

    public const string AdvertisementPath = "/accessory/advertisement0";

    private readonly GattServer _server;
    private readonly BleAdvertisementData _advertisement;
    private readonly BluezPeripheralOptions _options;
    private DBusConnection? _connection;
    private Func<bool>? _dropOnWrite;
    private GattValueRequests? _requests;
    private AdvertisementHandler? _advertisementHandler;
    private IDisposable? _disconnectWatch;
    private bool _applicationRegistered;
    private bool _advertisementRegistered;

    public BluezPeripheral(GattServer server, BleAdvertisementData advertisement, BluezPeripheralOptions? options = null)
    {
        _server = server ?? throw new ArgumentNullException(nameof(server));
        _advertisement = advertisement ?? throw new ArgumentNullException(nameof(advertisement));
        _options = options ?? new BluezPeripheralOptions();
    }

    /// <summary>The adapter registered with, e.g. "/org/bluez/hci0"; null before <see cref="StartAsync"/>.</summary>
    public string? AdapterPath { get; private set; }

    /// <summary>How many centrals have made a request so far (each has its own core connection).</summary>
    public int CentralCount => _requests?.Centrals.Count ?? 0;

    /// <summary>bluetoothd released the advertisement (e.g. the adapter was powered off).</summary>
    public bool AdvertisementReleased => _advertisementHandler?.Released ?? false;

    /// <summary>Asked before each GATT write; true makes bluetoothd drop that central (Device1.Disconnect) instead.</summary>
    public Func<bool>? DropOnWrite
    {
        get => _dropOnWrite;
        set
        {
            _dropOnWrite = value;
            if (_requests != null)
            {
                _requests.DropOnWrite = value;
            }
        }
    }

    /// <summary>Asks bluetoothd to drop every central that has made a request (ble.disconnect).</summary>
    public void DropConnections()
    {
        foreach (var device in _requests?.Centrals.Devices ?? [])
        {
            Drop(device);
        }
    }

    /// <summary>Connects to the bus, exports the objects, registers the application and then the advertisement.</summary>
    public async Task StartAsync()
    {
        if (_connection != null)
        {
            throw new InvalidOperationException("already started");
        }

        var busDescription = _options.BusAddress == null ? "system bus" : "bus at " + _options.BusAddress;
        var address = _options.BusAddress ?? DBusAddress.System
            ?? throw new BluezException("no D-Bus system bus address (DBUS_SYSTEM_BUS_ADDRESS unset and no default)");
        _connection = new DBusConnection(address);
        try
        {
            await _connection.ConnectAsync().ConfigureAwait(false);
        }
        catch (DBusConnectFailedException e)
        {
            throw new BluezException("cannot connect to the D-Bus " + busDescription + ": " + e.Message, e);
        }

        AdapterPath = await BluezAdapterLocator.FindAsync(_connection, _options.AdapterPath, busDescription).ConfigureAwait(false);
        var tree = new GattApplicationTree(ApplicationPath, _server.Database);
        _requests = new GattValueRequests(_server, new ValueChangedPeer(_connection, tree)) { DropOnWrite = _dropOnWrite };
        _requests.DropRequested += Drop;
        _advertisementHandler = new AdvertisementHandler(AdvertisementPath, _advertisement);
        _connection.AddMethodHandler(new GattApplicationHandler(tree, _requests));
        _connection.AddMethodHandler(_advertisementHandler);
        _disconnectWatch = await CentralDisconnectWatch.StartAsync(_connection, AdapterPath, _requests.Centrals).ConfigureAwait(false);

        await RegisterAsync(BluezNames.GattManager, "Application", ApplicationPath, "the GATT application").ConfigureAwait(false);
        _applicationRegistered = true;
        await RegisterAsync(BluezNames.AdvertisingManager, "Advertisement", AdvertisementPath, "the advertisement").ConfigureAwait(false);
        _advertisementRegistered = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection == null)
        {
            return;
        }

        if (_advertisementRegistered && !AdvertisementReleased)
        {
            await TryUnregisterAsync(BluezNames.AdvertisingManager, "UnregisterAdvertisement", AdvertisementPath).ConfigureAwait(false);
        }

        if (_applicationRegistered)
        {
            await TryUnregisterAsync(BluezNames.GattManager, "UnregisterApplication", ApplicationPath).ConfigureAwait(false);
        }

        _advertisementRegistered = false;
        _applicationRegistered = false;
        _disconnectWatch?.Dispose();
        _requests?.Close();
        _connection.Dispose();
        _connection = null;
    }

    // The peripheral's way to end a link: ask bluetoothd to disconnect the central. Its Connected=false signal then
    // ends the core connection too; until it comes, the central's state is dropped here at once.
    private void Drop(string device)
    {
        var connection = _connection;
        if (connection == null || string.IsNullOrEmpty(device))
        {
            return;
        }

        _requests?.Centrals.Disconnect(device);
        _ = DisconnectAsync(connection, device);
    }

    private async Task DisconnectAsync(DBusConnection connection, string device)
    {
        try
        {
            await connection.CallMethodAsync(DBusCall.Method(connection, BluezNames.Service, device, "org.bluez.Device1", "Disconnect")).ConfigureAwait(false);
            _options.Log?.Write(Accessory.Core.Ports.LogLevel.Information, "ble", "fault ble.disconnect: bluetoothd dropped " + device);
        }
        catch (Exception e) when (e is DBusErrorReplyException or DBusConnectionException or ObjectDisposedException)
        {
            _options.Log?.Write(Accessory.Core.Ports.LogLevel.Warning, "ble", "fault ble.disconnect: bluetoothd did not drop " + device + ": " + e.Message);
        }
    }

    private static BluezException Refusal(DBusErrorReplyException e, string what, string adapter)
    {
        var reason = e.ErrorName + ": " + e.ErrorMessage;
        if (e.ErrorName == BluezNames.ErrorNotPermitted)
        {
            return new BluezException(
                "BlueZ refused to register " + what + " on " + adapter + " (" + reason + "); check the adapter is powered "
                + "(bluetoothctl power on), that LE advertising is allowed on it, and that this user may use org.bluez "
                + "(run as root or add a D-Bus policy)",
                e.ErrorName,
                e);
        }

        return new BluezException("BlueZ failed to register " + what + " on " + adapter + " (" + reason + ")", e.ErrorName, e);
    }

    /// <summary>
    /// Register{kind}; AlreadyExists means a registration of this path is left over (BlueZ keys them by our connection
    /// and path), so it is unregistered and the registration tried once more. Failure of the advertisement takes the
    /// application down again, so a failed start leaves nothing registered.
    /// </summary>
    private async Task RegisterAsync(string manager, string kind, string path, string what)
    {
        var adapter = AdapterPath!;
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await DBusCall.PathCallAsync(_connection!, adapter, manager, "Register" + kind, path, withOptions: true).ConfigureAwait(false);
                return;
            }
            catch (DBusErrorReplyException e) when (e.ErrorName == BluezNames.ErrorAlreadyExists && attempt == 0)
            {
                await TryUnregisterAsync(manager, "Unregister" + kind, path).ConfigureAwait(false);
            }
            catch (DBusErrorReplyException e) when (e.ErrorName == BluezNames.ErrorAlreadyExists)
            {
                await UndoApplicationAsync(manager).ConfigureAwait(false);
                throw new BluezException("BlueZ still reports " + what + " at " + path + " as registered on " + adapter + " after unregistering it (" + e.ErrorMessage + ")", e.ErrorName, e);
            }
            catch (DBusErrorReplyException e)
            {
                await UndoApplicationAsync(manager).ConfigureAwait(false);
                throw Refusal(e, what, adapter);
            }
        }
    }

    private async Task UndoApplicationAsync(string failedManager)
    {
        if (failedManager == BluezNames.AdvertisingManager && _applicationRegistered)
        {
            await TryUnregisterAsync(BluezNames.GattManager, "UnregisterApplication", ApplicationPath).ConfigureAwait(false);
            _applicationRegistered = false;
        }
    }

    private async Task TryUnregisterAsync(string manager, string member, string path)
    {
        try
        {
            await DBusCall.PathCallAsync(_connection!, AdapterPath!, manager, member, path, withOptions: false).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException)
        {
            // Already gone (bluetoothd restarted or dropped it): nothing left to undo.
        }
        catch (DBusConnectionClosedException)
        {
            // The bus went away; bluetoothd drops our registrations with our connection.
        }
    }
}
