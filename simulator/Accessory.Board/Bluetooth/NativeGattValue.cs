using System;
using System.Collections.Generic;
using Accessory.Core.Ble;
using nanoFramework.Device.Bluetooth.GenericAttributeProfile;

namespace Accessory.Board.Emulation
{
    /// <summary>
    /// How the emulated stack serves one characteristic the firmware created: a read at offset 0 asks the firmware's
    /// ReadRequested handler for the whole value and later offsets continue from it (the native stack slices long
    /// reads); long writes are assembled and handed to WriteRequested as one value, as NimBLE's prepared writes are.
    /// A piece shorter than a full one ends a value; a full piece waits for the next request of that central, which
    /// delivers it first (the virtual link has no execute-write to mark the end).
    /// </summary>
    internal sealed class NativeGattValue : IGattValueHandler, IGattConnectionObserver, IGattSubscriptionObserver
    {
        private readonly object _gate = new object();
        private readonly Dictionary<GattConnection, byte[]> _lastRead = new Dictionary<GattConnection, byte[]>();
        private readonly Dictionary<GattConnection, List<byte>> _writing = new Dictionary<GattConnection, List<byte>>();

        // Values of at most this size are assembled (NimBLE's prepared-write queue is bounded too).
        private const int MaxValue = 4096;

        private static readonly Dictionary<GattConnection, NativeGattValue> PendingWrites = new Dictionary<GattConnection, NativeGattValue>();

        public GattLocalCharacteristic? Local { get; set; }

        public GattReadResult Read(GattConnection connection, int offset)
        {
            EmulatedBleStack.Seen(connection);
            FlushPending(connection);
            byte[]? whole;
            if (offset > 0)
            {
                lock (_gate)
                {
                    _lastRead.TryGetValue(connection, out whole);
                }

                if (whole != null)
                {
                    return GattReadResult.Ok(whole);
                }
            }

            whole = Local!.RaiseRead(out byte status);
            if (whole == null)
            {
                return GattReadResult.Error((GattStatus)status);
            }

            lock (_gate)
            {
                _lastRead[connection] = whole;
            }

            return GattReadResult.Ok(whole);
        }

        public GattStatus Write(GattConnection connection, int offset, byte[] data)
        {
            EmulatedBleStack.Seen(connection);
            NativeGattValue? other;
            lock (PendingWrites)
            {
                PendingWrites.TryGetValue(connection, out other);
            }

            if (other != null && (other != this || offset == 0))
            {
                FlushPending(connection);
            }

            List<byte> assembled;
            lock (_gate)
            {
                if (offset == 0 || !_writing.TryGetValue(connection, out assembled!))
                {
                    if (offset != 0)
                    {
                        return GattStatus.InvalidOffset;
                    }

                    assembled = new List<byte>();
                    _writing[connection] = assembled;
                }

                if (offset != assembled.Count)
                {
                    _writing.Remove(connection);
                    return GattStatus.InvalidOffset;
                }

                if (assembled.Count + data.Length > MaxValue)
                {
                    _writing.Remove(connection);
                    return GattStatus.InvalidAttributeValueLength;
                }

                assembled.AddRange(data);
            }

            if (data.Length >= connection.MaxValueChunk)
            {
                lock (PendingWrites)
                {
                    PendingWrites[connection] = this;
                }

                return GattStatus.Success;
            }

            return Deliver(connection);
        }

        public void SubscriptionChanged(GattConnection connection, bool subscribed)
        {
            EmulatedBleStack.Seen(connection);
            Local?.RaiseSubscribersChanged();
        }

        public void Disconnected(GattConnection connection)
        {
            lock (_gate)
            {
                _lastRead.Remove(connection);
                _writing.Remove(connection);
            }

            lock (PendingWrites)
            {
                PendingWrites.Remove(connection);
            }

            EmulatedBleStack.Gone(connection);
        }

        private static void FlushPending(GattConnection connection)
        {
            NativeGattValue? pending;
            lock (PendingWrites)
            {
                if (PendingWrites.Remove(connection, out pending))
                {
                    pending.Deliver(connection);
                }
            }
        }

        private GattStatus Deliver(GattConnection connection)
        {
            byte[] value;
            lock (_gate)
            {
                if (!_writing.Remove(connection, out var assembled))
                {
                    return GattStatus.Success;
                }

                value = assembled.ToArray();
            }

            bool withoutResponse = !Local!.Core.Has(GattProperty.Write);
            return (GattStatus)Local.RaiseWrite(value, withoutResponse ? GattWriteOption.WriteWithoutResponse : GattWriteOption.WriteWithResponse);
        }
    }
}
