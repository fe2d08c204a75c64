namespace Accessory.Core.Provisioning;

/// <summary>The provisioning manager's states (ESP-IDF's idle/started/credentials received/fail/success/stopped).</summary>
public enum ProvisioningState
{
    Idle = 0,
    Started = 1,
    CredentialsReceived = 2,
    Failed = 3,
    Succeeded = 4,
    Stopped = 5,
}
