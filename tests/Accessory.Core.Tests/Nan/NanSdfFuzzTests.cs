using Accessory.Core.Nan;
using Accessory.Simulator.Crypto;

namespace Accessory.Core.Tests.Nan;

public class NanSdfFuzzTests
{
    private const int Iterations = 120_000;

    [Fact]
    public void Random_and_mutated_payloads_never_throw()
    {
        var random = new Random(20261130);
        NanServiceId id = NanServiceId.Compute("_accessory._tcp", new DotNetCryptoProvider());
        byte[][] seeds = SeedFrames(id);
        int decodedOk = 0;
        int failed = 0;

        for (int i = 0; i < Iterations; i++)
        {
            byte[] input = (i % 4) == 0 ? RandomBytes(random) : Mutate(seeds[random.Next(seeds.Length)], random);
            NanSdfDecodeResult result = NanSdfCodec.Decode(input);
            if (result.Ok)
            {
                decodedOk++;

                // Whatever decodes must re-encode to something that decodes to the same descriptors.
                NanSdfDecodeResult again = NanSdfCodec.Decode(NanSdfCodec.Encode(result.Descriptors));
                Assert.True(again.Ok);
                Assert.Equal(result.Descriptors.Length, again.Descriptors.Length);
            }
            else
            {
                failed++;
                Assert.Empty(result.Descriptors);
            }
        }

        // Both paths must have been exercised for the fuzz to mean anything.
        Assert.True(decodedOk > 1000, "decoded " + decodedOk);
        Assert.True(failed > 1000, "failed " + failed);
    }

    private static byte[][] SeedFrames(NanServiceId id) =>
    [
        NanSdfCodec.Encode(new NanServiceDescriptor(id, 1, 0, NanServiceControlType.Publish, null, null, null)),
        NanSdfCodec.Encode(new NanServiceDescriptor(id, 2, 3, NanServiceControlType.Subscribe, new byte[] { 1, 2 }, new byte[] { 1, 0xAA }, new byte[] { 5, 6, 7 })),
        NanSdfCodec.Encode(new[]
        {
            new NanServiceDescriptor(id, 4, 5, NanServiceControlType.FollowUp, null, null, new byte[40]),
            new NanServiceDescriptor(id, 6, 0, NanServiceControlType.Publish, new byte[3], null, null),
        }),
    ];

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 64)];
        random.NextBytes(bytes);
        if (bytes.Length >= 4 && random.Next(2) == 0)
        {
            bytes[0] = 0x50;
            bytes[1] = 0x6F;
            bytes[2] = 0x9A;
            bytes[3] = 0x13;
        }

        return bytes;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var list = new List<byte>(seed);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits; e++)
        {
            switch (random.Next(4))
            {
                case 0 when list.Count > 0:
                    list[random.Next(list.Count)] = (byte)random.Next(256);
                    break;
                case 1 when list.Count > 0:
                    list.RemoveRange(random.Next(list.Count), 1);
                    break;
                case 2:
                    list.Insert(random.Next(list.Count + 1), (byte)random.Next(256));
                    break;
                default:
                    if (list.Count > 0)
                    {
                        int keep = random.Next(list.Count);
                        list.RemoveRange(keep, list.Count - keep);
                    }

                    break;
            }
        }

        return list.ToArray();
    }
}
