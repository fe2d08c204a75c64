using System.Globalization;
using Accessory.Simulator.Yaml;
using YamlDotNet.RepresentationModel;

namespace Accessory.Simulator.Fleet;

/// <summary>
/// The per-device port ranges of a fleet file (provisioning's http_port_base, the local API's https_port_base):
/// device k of a group listens on base + k, so a range is base..base + count - 1.
/// </summary>
internal static class FleetPortRange
{
    /// <summary>The node an error about <paramref name="block"/>.<paramref name="key"/> points at (the group's, if the key is absent).</summary>
    public static YamlNode KeyNode(YamlNode groupNode, string block, string key) =>
        groupNode is YamlMappingNode g && YamlNodeReader.Optional(g, block) is YamlMappingNode m && YamlNodeReader.Optional(m, key) is { } node ? node : groupNode;

    /// <summary>The range's last port, refused at <paramref name="at"/> if it goes past 65535.</summary>
    public static long Last(YamlNodeReader r, YamlNode at, int portBase, int count, string key)
    {
        long last = (long)portBase + count - 1;
        if (last > 65535)
        {
            throw r.Error(at, string.Create(CultureInfo.InvariantCulture,
                $"ports {portBase}..{last} for the group's {count} devices go past 65535; use an {key} of at most {65536 - count}"));
        }

        return last;
    }

    public static bool Overlaps(long first, long last, int otherBase, int otherCount) => first <= otherBase + otherCount - 1L && otherBase <= last;
}
