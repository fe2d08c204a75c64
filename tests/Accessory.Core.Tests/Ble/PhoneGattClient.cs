using Accessory.Core.Ble;

namespace Accessory.Core.Tests.Ble;

/// <summary>
/// A phone's GATT client in a test: writes longer than one ATT packet go out as prepared-write pieces with offsets
/// (MTU - 5 bytes each), reads loop by offset until a response is shorter than MTU - 1, as Android and iOS do.
/// Notifications the server sends are recorded.
/// </summary>
internal sealed class PhoneGattClient : IGattPeer
{
    public PhoneGattClient(GattServer server, int mtu = GattConnection.DefaultMtu)
    {
        Server = server;
        Connection = server.Connect(this);
        if (mtu != GattConnection.DefaultMtu)
        {
            server.ExchangeMtu(Connection, mtu);
        }
    }

    public GattServer Server { get; }

    public GattConnection Connection { get; }

    public List<(int Handle, byte[] Value)> Notifications { get; } = new();

    public int WritePieces { get; private set; }

    public int ReadPieces { get; private set; }

    public void Notify(int valueHandle, byte[] value) => Notifications.Add((valueHandle, value));

    public byte[][] NotificationsOf(GattCharacteristic characteristic) =>
        Notifications.Where(n => n.Handle == characteristic.Handle).Select(n => n.Value).ToArray();

    /// <summary>The characteristic whose 0x2901 description is <paramref name="name"/>, found by reading descriptors.</summary>
    public GattCharacteristic FindByDescription(string name)
    {
        foreach (var service in Server.Database.Services)
        {
            foreach (var characteristic in service.Characteristics)
            {
                foreach (var descriptor in characteristic.Descriptors)
                {
                    if (descriptor.Uuid.ShortValue == GattDescriptor.UserDescription
                        && System.Text.Encoding.UTF8.GetString(ReadHandle(descriptor.Handle)) == name)
                    {
                        return characteristic;
                    }
                }
            }
        }

        throw new InvalidOperationException("no characteristic described as " + name);
    }

    public GattStatus Write(GattCharacteristic characteristic, byte[] value)
    {
        int single = Connection.Mtu - 3;
        if (value.Length <= single)
        {
            WritePieces++;
            return Server.Write(Connection, characteristic.Handle, 0, value);
        }

        int piece = Connection.Mtu - 5;
        for (int offset = 0; offset < value.Length; offset += piece)
        {
            int length = Math.Min(piece, value.Length - offset);
            WritePieces++;
            var status = Server.Write(Connection, characteristic.Handle, offset, value.AsSpan(offset, length).ToArray());
            if (status != GattStatus.Success)
            {
                return status;
            }
        }

        return GattStatus.Success;
    }

    public byte[] Read(GattCharacteristic characteristic) => ReadHandle(characteristic.Handle);

    public byte[] ReadHandle(int handle)
    {
        var all = new List<byte>();
        while (true)
        {
            ReadPieces++;
            var result = Server.Read(Connection, handle, all.Count);
            if (result.Status != GattStatus.Success)
            {
                throw new GattException(result.Status);
            }

            all.AddRange(result.Value);
            if (result.Value.Length < Connection.MaxReadChunk)
            {
                return all.ToArray();
            }
        }
    }

    /// <summary>Request/response as Espressif's apps do it: write the request, read the response back.</summary>
    public byte[] Exchange(GattCharacteristic characteristic, byte[] request)
    {
        var status = Write(characteristic, request);
        if (status != GattStatus.Success)
        {
            throw new GattException(status);
        }

        return Read(characteristic);
    }

    public GattStatus Subscribe(GattCharacteristic characteristic) =>
        Server.Write(Connection, characteristic.ConfigurationHandle, 0, new byte[] { 0x01, 0x00 });

    public bool Connected { get; private set; } = true;

    public void Disconnect()
    {
        Connected = false;
        Server.Disconnect(Connection);
    }

    /// <summary>A peer that ignores notifications, for connections a test only needs to exist.</summary>
    public sealed class Silent : IGattPeer
    {
        public void Notify(int valueHandle, byte[] value)
        {
        }
    }
}

internal sealed class GattException : Exception
{
    public GattException(GattStatus status)
        : base("ATT error " + status)
    {
        Status = status;
    }

    public GattStatus Status { get; }
}
