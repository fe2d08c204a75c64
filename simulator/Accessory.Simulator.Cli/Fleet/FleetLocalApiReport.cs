using System.Globalization;
using Accessory.Simulator.Fleet;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>The start lines that tell a user where each local-API group serves, which certificate to trust and where the token comes from; never the token.</summary>
internal static class FleetLocalApiReport
{
    public static IEnumerable<string> Describe(FleetRun run)
    {
        int start = 0;
        foreach (var group in run.Spec.Groups)
        {
            var shared = run.LocalApis.FirstOrDefault(a => ReferenceEquals(a.Group, group));
            if (group.LocalApi is { } api && shared is not null)
            {
                string host = (api.BindAddress.Equals(System.Net.IPAddress.Any) ? "127.0.0.1" : api.BindAddress.ToString()) + ":" + api.HttpsPortBase.ToString(CultureInfo.InvariantCulture);
                string token = api.Token is not null
                    ? "the group's access token"
                    : group.Provisioning is not null ? "each device's own access token, from provisioning (api-token)" : "each device's own random access token (no provisioning hands it out: only GET /api/v1/info answers)";
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"local api: group {group.Name}: {group.Count} devices ({FleetDevice.DeviceIdOf(run.FirstIndex + start)}...) serve https on {api.BindAddress}:{api.HttpsPortBase}..{api.HttpsPortBase + group.Count - 1} while online, certificate {shared.CertificateFile} (SHA-256 {shared.Fingerprint}), {token}; " +
                    $"e.g. curl --cacert {shared.CertificateFile} -H \"Authorization: Bearer $TOKEN\" https://{host}/api/v1/state");
            }

            start += group.Count;
        }
    }
}
