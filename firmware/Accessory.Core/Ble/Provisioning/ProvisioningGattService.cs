using System;
using Accessory.Core.Provisioning;

namespace Accessory.Core.Ble.Provisioning;

/// <summary>
/// ESP-IDF's BLE provisioning transport as a GATT service: one read/write characteristic per registered protocomm
/// endpoint, named by a 0x2901 user description (Espressif's apps find endpoints by these names). Each connection
/// gets its own protocomm session, with the connection id as session id.
/// </summary>
public static class ProvisioningGattService
{
    /// <summary>Longest request accepted, as ESP-IDF's httpd body limit; sec2's 384-byte key fits with room to spare.</summary>
    public const int MaxRequestLength = 4096;

    /// <summary>The protocomm session id of a connection (its id), for transports that log or inspect sessions.</summary>
    public static uint SessionOf(GattConnection connection) => ProvisioningSessions.SessionOf(connection);

    public static GattService Build(ProtocommRouter router, BleUuid serviceUuid)
    {
        if (router == null || serviceUuid == null)
        {
            throw new ArgumentNullException(nameof(router), "router and service UUID are required");
        }

        var sessions = new ProvisioningSessions(router);
        var service = new GattService(serviceUuid);
        var names = router.EndpointNamesInOrder();
        int nextCustom = ProvisioningGattUuids.FirstCustom;
        for (int i = 0; i < names.Length; i++)
        {
            int field = ProvisioningGattUuids.FixedShortField(names[i]);
            if (field < 0)
            {
                field = nextCustom++;
            }

            var characteristic = new GattCharacteristic(
                serviceUuid.WithShortField(field),
                GattProperty.Read | GattProperty.Write,
                new EndpointValueHandler(sessions, names[i]));
            service.Add(characteristic.Describe(names[i]));
        }

        return service;
    }
}
