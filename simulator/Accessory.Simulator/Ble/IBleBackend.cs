using Accessory.Core.Ble.Advertising;

namespace Accessory.Simulator.Ble;

/// <summary>A started radio serving one GATT table: the virtual link or BlueZ.</summary>
internal interface IBleBackend : IAsyncDisposable
{
    /// <summary>Where phones find it, for the console ("virtual link /path/ble.sock", "BlueZ adapter /org/bluez/hci0").</summary>
    string Description { get; }

    /// <summary>What a scan sees from now on (Improv's state lives in the service data).</summary>
    void Advertise(BleAdvertisement advertisement);

    /// <summary>Drops every connected central as a link loss would (ble.disconnect).</summary>
    void DropConnections();

    /// <summary>Asked before each GATT write; true drops that write's connection instead of answering it.</summary>
    Func<bool>? DropOnWrite { set; }
}
