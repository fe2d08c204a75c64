using System.Collections.Concurrent;
using System.Text;
using Accessory.Core.Device;
using Accessory.Core.Mdns;
using Accessory.Simulator.Mdns;
using Accessory.Simulator.Net;
using Accessory.Simulator.Tests.Net;

namespace Accessory.Simulator.Tests.Mdns;

/// <summary>
/// A TXT change while a fleet's browse answer is still going out packet by packet, seen from a querier's socket in
/// a "phone" namespace: the rest of the answer still comes (nothing was withdrawn), and once the new TXT has been
/// announced no packet brings the old one back.
/// </summary>
public sealed class SharedAdvertiserTxtChangeTests
{
    private const string ServiceType = "_accessory._tcp.local";
    private const int Count = 1000;
    private const string FleetName = "Txt";

    [NamespaceFact]
    public void A_txt_change_mid_answer_lets_the_rest_of_the_answer_out_without_the_old_txt()
    {
        using var lan = LanSegment.Create("fleet", "phone");
        using var fleet = LanLampFleet.Open(lan["fleet"], FleetName, Count);
        LanLampFleet.StartAndWait(fleet, TimeSpan.FromSeconds(60));

        // The second announcement goes out 1 s after the first, and a record multicast within the last second is
        // left out of answers (RFC 6762 6): after this the browse answer holds every instance.
        Thread.Sleep(2500);

        using var querier = LanTransports.Open(lan["phone"], ipv6: false);
        var received = new ConcurrentQueue<DnsMessage>();
        int changed = -1;
        int receivedAtChange = -1;
        querier.Received += (data, source) =>
        {
            DnsMessage message;
            try
            {
                message = DnsMessage.Decode(data);
            }
            catch (DnsFormatException)
            {
                return;
            }

            if (!message.IsResponse)
            {
                return;
            }

            received.Enqueue(message);
            var targets = BrowseTargets(message).ToList();
            if (targets.Count == 0 || changed >= 0)
            {
                return;
            }

            // The first packet of the answer is in: change the TXT of the instance it will carry last (the answer
            // walks the instances in order from a random one), so its old TXT is still in a packet not sent yet.
            int first = Enumerable.Range(0, Count).First(i => FullName(i) == targets[0]);
            int pick = (first + Count - 1) % Count;
            Volatile.Write(ref receivedAtChange, received.Count);
            fleet.UpdateState(Instance(pick), DeviceId(pick), DeviceState.Connecting);
            Volatile.Write(ref changed, pick);
        };

        querier.SendMulticast(MdnsQueryPacket.PtrQuery(0, ServiceType), false);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (DateTime.UtcNow < deadline && (Volatile.Read(ref changed) < 0 || received.SelectMany(BrowseTargets).Distinct().Count() < Count))
        {
            Thread.Sleep(100);
        }

        // Anything still on its way (a stale TXT would come after the rest).
        Thread.Sleep(500);
        var messages = received.ToList();
        Assert.True(Volatile.Read(ref changed) >= 0, $"no browse answer came ({messages.Count} responses)");
        int answerPacketsAfter = messages.Skip(receivedAtChange).Count(m => BrowseTargets(m).Any());
        Assert.True(answerPacketsAfter > 0, "the whole answer was out before the TXT changed: nothing was tested (a slow querier thread?)");

        var instances = messages.SelectMany(BrowseTargets).ToHashSet(StringComparer.Ordinal);
        Assert.True(
            instances.Count == Count,
            $"the browse answer carried {instances.Count} of {Count} instances ({answerPacketsAfter} answer packets after the change); missing e.g. {string.Join(", ", Enumerable.Range(0, Count).Select(FullName).Where(n => !instances.Contains(n)).Take(5))}");

        // In the order they reached the querier: the new TXT (the announcement), then never the old one again.
        string name = FullName(changed);
        var states = messages.SelectMany(m => m.Answers.Cast<DnsRecord>().Concat(m.Additionals.Cast<DnsRecord>()))
            .OfType<DnsTxtRecord>().Where(t => t.Name.ToString() == name).Select(StateOf).ToList();
        int announced = states.IndexOf("connecting");
        Assert.True(announced >= 0, "the new TXT never reached the querier: " + string.Join(", ", states));
        Assert.DoesNotContain("online", states.Skip(announced));
    }

    private static IEnumerable<string> BrowseTargets(DnsMessage message) =>
        message.Answers.Cast<DnsRecord>().OfType<DnsPtrRecord>()
            .Where(p => p.Ttl > 0 && p.Name.ToString() == ServiceType)
            .Select(p => p.Target.ToString());

    private static string? StateOf(DnsTxtRecord txt)
    {
        for (int i = 0; i < txt.Count; i++)
        {
            string pair = Encoding.UTF8.GetString(txt.GetString(i));
            if (pair.StartsWith("state=", StringComparison.Ordinal))
            {
                return pair["state=".Length..];
            }
        }

        return null;
    }

    private static string Instance(int i) => LanLampFleet.Instance(FleetName, i);

    private static string FullName(int i) => Instance(i) + "." + ServiceType;

    private static string DeviceId(int i) => LanLampFleet.DeviceId(i);
}
