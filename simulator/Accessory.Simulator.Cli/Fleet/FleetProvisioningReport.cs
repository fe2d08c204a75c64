using System.Globalization;
using Accessory.Simulator.Fleet;

namespace Accessory.Simulator.Cli.Fleet;

/// <summary>The start lines that tell a user where each provisioning group waits and how to provision one device; never the secret.</summary>
internal static class FleetProvisioningReport
{
    public static IEnumerable<string> Describe(FleetRun run)
    {
        int start = 0;
        foreach (var group in run.Spec.Groups)
        {
            if (group.Provisioning is { } p)
            {
                string secret = p.Security switch
                {
                    0 => "sec0, no secret",
                    1 => string.IsNullOrEmpty(p.ProofOfPossession) ? "sec1 without a proof of possession" : "sec1 with the group's proof of possession",
                    _ => $"sec2, username {p.Username} and the group's password",
                };
                string host = (p.BindAddress.Equals(System.Net.IPAddress.Any) ? "127.0.0.1" : p.BindAddress.ToString()) + ":" + p.HttpPortBase.ToString(CultureInfo.InvariantCulture);
                string flags = p.Security switch
                {
                    0 => "--sec 0",
                    1 => string.IsNullOrEmpty(p.ProofOfPossession) ? "--sec 1" : "--sec 1 --pop POP",
                    _ => $"--sec 2 --username {p.Username} --password PASSWORD",
                };
                yield return string.Create(CultureInfo.InvariantCulture,
                    $"provisioning: group {group.Name}: {group.Count} devices ({FleetDevice.DeviceIdOf(run.FirstIndex + start)}...) wait for a phone on {p.BindAddress}:{p.HttpPortBase}..{p.HttpPortBase + group.Count - 1} ({secret}); " +
                    $"e.g. accessory-sim provision --host {host} {flags} --ssid SSID --passphrase PASSPHRASE");
            }

            start += group.Count;
        }
    }
}
