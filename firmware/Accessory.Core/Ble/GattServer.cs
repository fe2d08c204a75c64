using System;
using System.Collections;

namespace Accessory.Core.Ble;

/// <summary>
/// ATT semantics over a <see cref="GattDatabase"/>, independent of the transport (BlueZ, nanoFramework, the
/// simulator's virtual link): connections and their MTU, reads sliced by offset and MTU, writes checked against the
/// properties, client configuration (subscriptions) and notifications cut to each connection's MTU.
/// </summary>
public sealed class GattServer
{
    private readonly object _gate = new object();
    private readonly ArrayList _connections = new ArrayList();
    private readonly ArrayList _subscriptions = new ArrayList();
    private int _nextConnection = 1;

    public GattServer(GattDatabase database)
    {
        Database = database ?? throw new ArgumentNullException(nameof(database));
    }

    public GattDatabase Database { get; }

    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    public GattConnection Connect(IGattPeer peer)
    {
        lock (_gate)
        {
            var connection = new GattConnection(_nextConnection++, peer);
            _connections.Add(connection);
            return connection;
        }
    }

    public void Disconnect(GattConnection connection)
    {
        lock (_gate)
        {
            if (!_connections.Contains(connection))
            {
                return;
            }

            _connections.Remove(connection);
            for (int i = _subscriptions.Count - 1; i >= 0; i--)
            {
                if (((Subscription)_subscriptions[i]!).Connection == connection)
                {
                    _subscriptions.RemoveAt(i);
                }
            }
        }

        var services = Database.Services;
        for (int s = 0; s < services.Length; s++)
        {
            var characteristics = services[s].Characteristics;
            for (int i = 0; i < characteristics.Length; i++)
            {
                if (characteristics[i].Handler is IGattConnectionObserver observer)
                {
                    observer.Disconnected(connection);
                }
            }
        }
    }

    /// <summary>The MTU both sides use after the central offered <paramref name="clientMtu"/>.</summary>
    public int ExchangeMtu(GattConnection connection, int clientMtu)
    {
        int mtu = clientMtu < GattConnection.DefaultMtu ? GattConnection.DefaultMtu : clientMtu > GattConnection.MaxMtu ? GattConnection.MaxMtu : clientMtu;
        lock (_gate)
        {
            // ATT allows one exchange per connection; a later offer is ignored rather than shrinking a live MTU.
            if (!connection.MtuExchanged)
            {
                connection.Mtu = mtu;
                connection.MtuExchanged = true;
            }

            return connection.Mtu;
        }
    }

    public GattReadResult Read(GattConnection connection, int handle, int offset)
    {
        if (offset < 0)
        {
            return GattReadResult.Error(GattStatus.InvalidOffset);
        }

        var characteristic = Database.CharacteristicAt(handle);
        GattReadResult whole;
        if (characteristic != null && characteristic.Handle == handle)
        {
            if (!characteristic.Has(GattProperty.Read))
            {
                return GattReadResult.Error(GattStatus.ReadNotPermitted);
            }

            whole = characteristic.Handler.Read(connection, offset);
        }
        else if (characteristic != null)
        {
            whole = GattReadResult.Ok(ConfigurationValue(connection, characteristic));
        }
        else
        {
            var descriptor = Database.DescriptorAt(handle);
            if (descriptor == null)
            {
                return GattReadResult.Error(GattStatus.InvalidHandle);
            }

            whole = GattReadResult.Ok(descriptor.Value);
        }

        if (whole.Status != GattStatus.Success)
        {
            return whole;
        }

        return Slice(whole.Value, offset, connection.MaxReadChunk);
    }

    public GattStatus Write(GattConnection connection, int handle, int offset, byte[] data)
    {
        if (data == null || offset < 0)
        {
            return GattStatus.InvalidPdu;
        }

        var characteristic = Database.CharacteristicAt(handle);
        if (characteristic == null)
        {
            return Database.DescriptorAt(handle) == null ? GattStatus.InvalidHandle : GattStatus.WriteNotPermitted;
        }

        if (characteristic.Handle != handle)
        {
            return WriteConfiguration(connection, characteristic, offset, data);
        }

        if (!characteristic.Has(GattProperty.Write) && !characteristic.Has(GattProperty.WriteWithoutResponse))
        {
            return GattStatus.WriteNotPermitted;
        }

        return characteristic.Handler.Write(connection, offset, data);
    }

    /// <summary>Switches notifications on or off (what a CCCD write does; BlueZ calls it StartNotify/StopNotify).</summary>
    public GattStatus Subscribe(GattConnection connection, int valueHandle, bool on)
    {
        var characteristic = Database.CharacteristicAt(valueHandle);
        if (characteristic == null || characteristic.Handle != valueHandle)
        {
            return GattStatus.InvalidHandle;
        }

        if (!characteristic.Has(GattProperty.Notify) && !characteristic.Has(GattProperty.Indicate))
        {
            return GattStatus.RequestNotSupported;
        }

        bool changed = false;
        lock (_gate)
        {
            int index = IndexOfSubscription(connection, characteristic);
            if (on && index < 0)
            {
                _subscriptions.Add(new Subscription(connection, characteristic));
                changed = true;
            }
            else if (!on && index >= 0)
            {
                _subscriptions.RemoveAt(index);
                changed = true;
            }
        }

        if (changed && characteristic.Handler is IGattSubscriptionObserver observer)
        {
            observer.SubscriptionChanged(connection, on);
        }

        return GattStatus.Success;
    }

    public bool IsSubscribed(GattConnection connection, GattCharacteristic characteristic)
    {
        lock (_gate)
        {
            return IndexOfSubscription(connection, characteristic) >= 0;
        }
    }

    /// <summary>
    /// Notifies every subscribed connection. A notification cannot be long, so a value beyond a connection's MTU is
    /// cut to it (as every stack does); returns how many connections were notified.
    /// </summary>
    public int Notify(GattCharacteristic characteristic, byte[] value)
    {
        GattConnection[] targets;
        lock (_gate)
        {
            int n = 0;
            for (int i = 0; i < _subscriptions.Count; i++)
            {
                if (((Subscription)_subscriptions[i]!).Characteristic == characteristic)
                {
                    n++;
                }
            }

            targets = new GattConnection[n];
            n = 0;
            for (int i = 0; i < _subscriptions.Count; i++)
            {
                var subscription = (Subscription)_subscriptions[i]!;
                if (subscription.Characteristic == characteristic)
                {
                    targets[n++] = subscription.Connection;
                }
            }
        }

        for (int i = 0; i < targets.Length; i++)
        {
            var chunk = Slice(value, 0, targets[i].MaxValueChunk).Value;
            targets[i].Peer.Notify(characteristic.Handle, chunk);
        }

        return targets.Length;
    }

    private static GattReadResult Slice(byte[] value, int offset, int max)
    {
        if (offset > value.Length)
        {
            return GattReadResult.Error(GattStatus.InvalidOffset);
        }

        int length = value.Length - offset;
        if (length > max)
        {
            length = max;
        }

        var chunk = new byte[length];
        Array.Copy(value, offset, chunk, 0, length);
        return GattReadResult.Ok(chunk);
    }

    private byte[] ConfigurationValue(GattConnection connection, GattCharacteristic characteristic) =>
        IsSubscribed(connection, characteristic) ? new byte[] { 0x01, 0x00 } : new byte[] { 0x00, 0x00 };

    private GattStatus WriteConfiguration(GattConnection connection, GattCharacteristic characteristic, int offset, byte[] data)
    {
        if (offset != 0)
        {
            return GattStatus.AttributeNotLong;
        }

        if (data.Length != 2)
        {
            return GattStatus.InvalidAttributeValueLength;
        }

        int bits = data[0] | (data[1] << 8);
        if ((bits & ~0x0003) != 0)
        {
            return GattStatus.ValueNotAllowed;
        }

        return Subscribe(connection, characteristic.Handle, bits != 0);
    }

    private int IndexOfSubscription(GattConnection connection, GattCharacteristic characteristic)
    {
        for (int i = 0; i < _subscriptions.Count; i++)
        {
            var subscription = (Subscription)_subscriptions[i]!;
            if (subscription.Connection == connection && subscription.Characteristic == characteristic)
            {
                return i;
            }
        }

        return -1;
    }

    private sealed class Subscription
    {
        public Subscription(GattConnection connection, GattCharacteristic characteristic)
        {
            Connection = connection;
            Characteristic = characteristic;
        }

        public GattConnection Connection { get; }

        public GattCharacteristic Characteristic { get; }
    }
}
