using Accessory.Core.Mdns;
using Accessory.Core.Ports;

namespace Accessory.Core.Tests.Mdns;

public sealed class DnsFuzzTests
{
    private const int Inputs = 100_000;

    [Fact]
    public void Random_and_mutated_packets_only_raise_dns_format_errors_and_the_responder_keeps_answering()
    {
        var random = new Random(20261125);
        var bed = new MdnsTestBed(seed: 11);
        bed.Responder.Start();
        bed.Clock.Advance(3000);
        byte[][] corpus = Corpus(bed);
        bed.Transport.ClearSent();

        int typedErrors = 0;
        int parsed = 0;
        for (int i = 0; i < Inputs; i++)
        {
            byte[] input = NextInput(random, corpus);
            try
            {
                DnsMessage message = DnsMessage.Decode(input);
                parsed++;
                message.Encode();
            }
            catch (DnsFormatException)
            {
                typedErrors++;
            }
#pragma warning disable CA1031 // the point of the test is to catch anything else
            catch (Exception e)
#pragma warning restore CA1031
            {
                Assert.Fail("input #" + i + " (" + Convert.ToHexString(input) + ") raised " + e.GetType().Name + ": " + e.Message);
            }

            var source = new DatagramEndpoint(new byte[] { 192, 168, 7, (byte)random.Next(2, 250) }, random.Next(3) == 0 ? random.Next(1, 65536) : 5353);
            try
            {
                bed.Transport.Deliver(input, source);
                if (i % 64 == 0)
                {
                    bed.Clock.Advance(random.Next(0, 400));
                    bed.Transport.ClearSent();
                }
            }
#pragma warning disable CA1031
            catch (Exception e)
#pragma warning restore CA1031
            {
                Assert.Fail("the responder threw on input #" + i + " (" + Convert.ToHexString(input) + "): " + e.GetType().Name + ": " + e.Message);
            }
        }

        Assert.True(typedErrors > Inputs / 3, "most inputs must be refused, got " + typedErrors);
        Assert.True(parsed > Inputs / 5, "mutations must also reach the responder's logic, got " + parsed);
        Assert.Equal(typedErrors, bed.Responder.MalformedPacketCount);

        // Whatever the noise did (renames, re-probing), the responder settles and answers for its current name.
        bed.Clock.Advance(20_000);
        bed.Transport.ClearSent();
        bed.Deliver(MdnsTestBed.Query(bed.Responder.HostName, DnsRecordType.A));
        var answer = Assert.IsType<DnsAddressRecord>(Assert.Single(bed.SentMessages()).Message.Answers[0]);
        Assert.Equal(MdnsTestBed.HostAddress, answer.Address);
    }

    private static byte[][] Corpus(MdnsTestBed bed)
    {
        var corpus = bed.Transport.Sent.Select(s => s.Data).ToList();
        corpus.Add(DnsCodecTests.SampleMessage().Encode());
        corpus.Add(MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr).Encode());
        corpus.Add(MdnsTestBed.Query("lamp.local", DnsRecordType.Any, unicast: true, id: 9).Encode());
        corpus.Add(MdnsTestBed.Query("_services._dns-sd._udp.local", DnsRecordType.Ptr).Encode());
        DnsMessage known = MdnsTestBed.Query("_accessory._tcp.local", DnsRecordType.Ptr);
        known.Answers.Add(new DnsPtrRecord(DnsName.Parse("_accessory._tcp.local"), DnsName.Parse("Lamp._accessory._tcp.local"), 4500));
        corpus.Add(known.Encode());
        return corpus.ToArray();
    }

    private static byte[] NextInput(Random random, byte[][] corpus)
    {
        if (random.Next(10) == 0)
        {
            var noise = new byte[random.Next(0, 80)];
            random.NextBytes(noise);
            return noise;
        }

        var bytes = new List<byte>(corpus[random.Next(corpus.Length)]);
        int mutations = random.Next(4);
        for (int m = 0; m < mutations && bytes.Count > 0; m++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = new byte[] { 0, 0xC0, 0x3F, 0x40, 0x80, 0xFF, 63, 64 }[random.Next(8)];
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    bytes.Insert(at, (byte)random.Next(256));
                    break;
                case 4:
                    int length = Math.Min(bytes.Count - at, random.Next(1, 16));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 5:
                    if (bytes.Count > 12)
                    {
                        bytes[4 + (2 * random.Next(4)) + 1] = (byte)random.Next(6);
                    }

                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return bytes.ToArray();
    }
}
