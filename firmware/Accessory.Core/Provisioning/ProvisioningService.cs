using Accessory.Core.Provisioning.Endpoints;

namespace Accessory.Core.Provisioning;

/// <summary>
/// Builds the protocomm router of Wi-Fi provisioning with ESP-IDF's endpoint order (prov-ctrl, prov-scan,
/// prov-session, prov-config, proto-ver, then custom endpoints), so BLE UUIDs and HTTP paths match a real device.
/// Every transport (SoftAP/HTTP, BLE) reuses the same router.
/// </summary>
public sealed class ProvisioningService
{
    public ProvisioningService(ISecurityScheme security, ProvisioningManager manager, int securityPatchVersion, bool popUsed)
    {
        Manager = manager;
        Router = new ProtocommRouter(security);
        Router.AddEndpoint(EndpointNames.Control, new ControlEndpoint(manager));
        if (manager.Options.ScanEnabled)
        {
            Router.AddEndpoint(EndpointNames.Scan, new ScanEndpoint(manager.Scanner, manager.Options.BlockingScanTimeoutMilliseconds));
        }

        Router.AddEndpoint(EndpointNames.Session, new SessionEndpoint(security));
        Router.AddEndpoint(EndpointNames.Config, new ConfigEndpoint(manager));
        VersionEndpoint = new ProtoVersionEndpoint(security.Version, securityPatchVersion, popUsed, manager.Options.ScanEnabled);
        Router.AddEndpoint(EndpointNames.ProtoVersion, VersionEndpoint);
        manager.AttachRouter(Router);
    }

    public ProtocommRouter Router { get; }

    public ProvisioningManager Manager { get; }

    public ProtoVersionEndpoint VersionEndpoint { get; }

    /// <summary>Adds an application endpoint; like ESP-IDF, only before <see cref="Start"/>.</summary>
    public void AddCustomEndpoint(string name, IProtocommEndpoint endpoint)
    {
        if (Manager.State != ProvisioningState.Idle)
        {
            throw new System.InvalidOperationException("custom endpoints must be added before provisioning starts");
        }

        Router.AddEndpoint(name, endpoint);
    }

    /// <summary>Adds ESP-IDF's example custom-data endpoint backed by the manager's settings.</summary>
    public CustomDataEndpoint AddCustomDataEndpoint()
    {
        var endpoint = new CustomDataEndpoint(Manager.Settings, Manager.Repository);
        AddCustomEndpoint(EndpointNames.CustomData, endpoint);
        return endpoint;
    }

    public void Start() => Manager.Start();
}
