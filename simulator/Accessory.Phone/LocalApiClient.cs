using System.Net.Http.Headers;

namespace Accessory.Phone;

/// <summary>
/// How an app talks to a paired accessory's local API: every request carries the access token it received during
/// provisioning (<see cref="ProvisioningClient.GetAccessToken"/>). <c>GET /api/v1/info</c> works without it; anything
/// else without it is 401 with <c>WWW-Authenticate: Bearer</c>, and repeated wrong tokens are answered 429.
/// </summary>
public static class LocalApiClient
{
    /// <summary>An HttpClient for <paramref name="baseAddress"/> (e.g. https://lamp.local:8443) that sends the token.</summary>
    /// <param name="handler">Where the app pins the device certificate; the default trusts the system's roots.</param>
    public static HttpClient Create(Uri baseAddress, string accessToken, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrEmpty(accessToken);
        var client = handler is null ? new HttpClient() : new HttpClient(handler);
        client.BaseAddress = baseAddress;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    /// <summary>The frame to write to the BLE control characteristic before any command on a connection.</summary>
    public static byte[] BleAuthFrame(string accessToken) => System.Text.Encoding.UTF8.GetBytes("auth\n" + accessToken);
}
