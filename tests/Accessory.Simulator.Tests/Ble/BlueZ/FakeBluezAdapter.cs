using System.Collections.Concurrent;
using Tmds.DBus.Protocol;

namespace Accessory.Simulator.Tests.Ble.BlueZ;

/// <summary>
/// TEST-ONLY stand-in for bluetoothd: owns org.bluez on a private bus and exports /org/bluez/hci0 with Adapter1,
/// GattManager1 and LEAdvertisingManager1. Like bluetoothd it reads a registering application's tree
/// (GetManagedObjects) and an advertisement's properties (Properties.GetAll) before answering, and records every
/// manager call. Behaviour switches make it answer as a misconfigured bluetoothd would.
/// </summary>
internal sealed class FakeBluezAdapter : IPathMethodHandler, IDisposable
{
    public const string AdapterPath = "/org/bluez/hci0";
    private const string GattManager = "org.bluez.GattManager1";
    private const string AdvertisingManager = "org.bluez.LEAdvertisingManager1";

    private readonly ConcurrentQueue<FakeBluezCall> _calls = new();
    private readonly ConcurrentDictionary<string, string> _registered = new(StringComparer.Ordinal);
    private DBusConnection? _connection;

    /// <summary>False: bluetoothd runs but has no controller (only /org/bluez is exported).</summary>
    public bool ExportAdapter { get; init; } = true;

    /// <summary>Starts with the application and advertisement paths registered, as if left over; AlreadyExists until unregistered.</summary>
    public bool LeftoverRegistrations { get; init; }

    /// <summary>Answers AlreadyExists to every Register call, even after Unregister.</summary>
    public bool AlwaysAlreadyExists { get; init; }

    /// <summary>The error name RegisterAdvertisement answers with (e.g. org.bluez.Error.NotPermitted); null accepts it.</summary>
    public string? RefuseAdvertisementWith { get; init; }

    public string Path => "/";

    public bool HandlesChildPaths => true;

    public DBusConnection Connection => _connection ?? throw new InvalidOperationException("not started");

    public IReadOnlyList<FakeBluezCall> Calls => _calls.ToArray();

    /// <summary>The unique bus name of the registered application; its objects live there.</summary>
    public string? ApplicationOwner { get; private set; }

    /// <summary>The application's tree as read during RegisterApplication.</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, VariantValue>>>? ApplicationObjects { get; private set; }

    /// <summary>The advertisement's LEAdvertisement1 properties as read during RegisterAdvertisement.</summary>
    public Dictionary<string, VariantValue>? AdvertisementProperties { get; private set; }

    public bool IsRegistered(string kind, string path) => _registered.ContainsKey(kind + " " + path);

    public async Task StartAsync(string address)
    {
        _connection = new DBusConnection(address);
        await _connection.ConnectAsync();
        _connection.AddMethodHandler(this);
        if (LeftoverRegistrations)
        {
            _registered["Application " + Simulator.Ble.BlueZ.BluezPeripheral.ApplicationPath] = "leftover";
            _registered["Advertisement " + Simulator.Ble.BlueZ.BluezPeripheral.AdvertisementPath] = "leftover";
        }

        await _connection.RequestNameAsync("org.bluez");
    }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var path = request.PathAsString;
        var member = request.MemberAsString ?? string.Empty;
        if (path == "/" && member == "GetManagedObjects")
        {
            ReplyManagedObjects(context);
        }
        else if (path == AdapterPath && ExportAdapter && (request.InterfaceAsString == GattManager || request.InterfaceAsString == AdvertisingManager))
        {
            HandleManagerCall(context, member);
        }
        else if (path != null && path.StartsWith(AdapterPath + "/dev_", StringComparison.Ordinal) && request.InterfaceAsString == "org.bluez.Device1" && member == "Disconnect")
        {
            // As bluetoothd: the link goes, the caller gets an empty reply, and Device1.Connected turns false.
            _calls.Enqueue(new FakeBluezCall(member, path, request.SenderAsString ?? string.Empty, null));
            DBusMessages.Reply(context);
            SignalDisconnected(path);
        }
        else
        {
            context.ReplyUnknownMethodError();
        }

        return default;
    }

    public void Dispose() => _connection?.Dispose();

    /// <summary>Signals that a remote central dropped, as bluetoothd does on its Device1 object.</summary>
    public void SignalDisconnected(string devicePath)
    {
        var writer = Connection.GetMessageWriter();
        try
        {
            writer.WriteSignalHeader(null, devicePath, "org.freedesktop.DBus.Properties", "PropertiesChanged", "sa{sv}as");
            writer.WriteString("org.bluez.Device1");
            writer.WriteDictionary(new Dictionary<string, VariantValue> { ["Connected"] = VariantValue.Bool(false) });
            writer.WriteArray(Array.Empty<string>());
            Connection.TrySendMessage(writer.CreateMessage());
        }
        finally
        {
            writer.Dispose();
        }
    }

    private static void WriteInterface(ref MessageWriter writer, string name, Dictionary<string, VariantValue> properties)
    {
        writer.WriteDictionaryEntryStart();
        writer.WriteString(name);
        writer.WriteDictionary(properties);
    }

    private void HandleManagerCall(MethodContext context, string member)
    {
        var request = context.Request;
        var objectPath = request.GetBodyReader().ReadObjectPathAsString();
        var sender = request.SenderAsString ?? string.Empty;
        var kind = member.EndsWith("Application", StringComparison.Ordinal) ? "Application" : "Advertisement";
        var key = kind + " " + objectPath;
        string? error = null;
        if (member.StartsWith("Unregister", StringComparison.Ordinal))
        {
            error = _registered.TryRemove(key, out _) ? null : "org.bluez.Error.DoesNotExist";
        }
        else if (AlwaysAlreadyExists || _registered.ContainsKey(key))
        {
            error = "org.bluez.Error.AlreadyExists";
        }
        else if (kind == "Advertisement" && RefuseAdvertisementWith != null)
        {
            error = RefuseAdvertisementWith;
        }

        _calls.Enqueue(new FakeBluezCall(member, objectPath, sender, error));
        if (error != null)
        {
            context.ReplyError(error, member + " refused by the fake adapter");
            return;
        }

        if (member.StartsWith("Unregister", StringComparison.Ordinal))
        {
            DBusMessages.Reply(context);
            return;
        }

        // bluetoothd reads the registrant's objects before it answers; doing that off the dispatch loop keeps this
        // connection free to receive the registrant's reply.
        context.DisposesAsynchronously = true;
        _ = Task.Run(async () =>
        {
            try
            {
                await ReadRegistrantAsync(kind, sender, objectPath);
                _registered[key] = sender;
                DBusMessages.Reply(context);
            }
            catch (DBusErrorReplyException e)
            {
                context.ReplyError("org.bluez.Error.Failed", "could not read " + objectPath + ": " + e.ErrorName);
            }
            finally
            {
                context.Dispose();
            }
        });
    }

    private async Task ReadRegistrantAsync(string kind, string sender, string objectPath)
    {
        if (kind == "Application")
        {
            ApplicationObjects = await Connection.CallMethodAsync(
                DBusMessages.Call(Connection, sender, objectPath, "org.freedesktop.DBus.ObjectManager", "GetManagedObjects"),
                ManagedObjects.Read,
                null);
            ApplicationOwner = sender;
            return;
        }

        AdvertisementProperties = await Connection.CallMethodAsync(
            DBusMessages.Call(Connection, sender, objectPath, "org.freedesktop.DBus.Properties", "GetAll", "s", (ref MessageWriter w) => w.WriteString("org.bluez.LEAdvertisement1")),
            static (m, _) => m.GetBodyReader().ReadDictionaryOfStringToVariantValue(),
            null);
    }

    private void ReplyManagedObjects(MethodContext context)
    {
        DBusMessages.Reply(context, "a{oa{sa{sv}}}", (ref MessageWriter w) =>
        {
            var objects = w.WriteDictionaryStart();
            w.WriteDictionaryEntryStart();
            w.WriteObjectPath("/org/bluez");
            var bluez = w.WriteDictionaryStart();
            WriteInterface(ref w, "org.bluez.AgentManager1", new Dictionary<string, VariantValue>());
            w.WriteDictionaryEnd(bluez);
            if (ExportAdapter)
            {
                w.WriteDictionaryEntryStart();
                w.WriteObjectPath(AdapterPath);
                var adapter = w.WriteDictionaryStart();
                WriteInterface(ref w, "org.bluez.Adapter1", new Dictionary<string, VariantValue>
                {
                    ["Address"] = VariantValue.String("00:11:22:33:44:55"),
                    ["Powered"] = VariantValue.Bool(true),
                });
                WriteInterface(ref w, GattManager, new Dictionary<string, VariantValue>());
                WriteInterface(ref w, AdvertisingManager, new Dictionary<string, VariantValue> { ["SupportedInstances"] = VariantValue.Byte(5) });
                w.WriteDictionaryEnd(adapter);
            }

            w.WriteDictionaryEnd(objects);
        });
    }
}
