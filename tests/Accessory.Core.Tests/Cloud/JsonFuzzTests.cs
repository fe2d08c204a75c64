using Accessory.Core.Cloud.Json;

namespace Accessory.Core.Tests.Cloud;

public class JsonFuzzTests
{
    private static readonly string[] Seeds =
    {
        "{\"on\":true}",
        "{\"value\":42,\"request\":\"r-1\"}",
        "{\"s\":\"a\\u00e9\\n\\\"q\\\"\",\"n\":-7,\"z\":null,\"f\":false}",
        "{}",
        "{\"confirm\":\"A1B2C3D4E5F6\"}",
    };

    private static readonly byte[] Alphabet = System.Text.Encoding.UTF8.GetBytes("{}[]\":,\\u0123456789abcdefntrl-+.eE \t\n/é");

    [Fact]
    public void Hundred_thousand_seeded_inputs_only_ever_raise_json_format_exception()
    {
        var random = new Random(20261125);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < 100_000; i++)
        {
            var input = Make(random, i);
            try
            {
                var o = JsonReader.ParseObject(input);
                Assert.True(o.Count <= JsonReader.MaxFields);
                parsed++;
            }
            catch (JsonFormatException)
            {
                rejected++;
            }
        }

        // Both outcomes must be exercised, or the generator is not testing anything.
        Assert.True(parsed > 1000, "parsed " + parsed);
        Assert.True(rejected > 1000, "rejected " + rejected);
    }

    private static byte[] Make(Random random, int i)
    {
        switch (i % 3)
        {
            case 0:
                {
                    var bytes = new byte[random.Next(0, 40)];
                    random.NextBytes(bytes);
                    return bytes;
                }

            case 1:
                {
                    var bytes = new byte[random.Next(0, 40)];
                    for (int k = 0; k < bytes.Length; k++)
                    {
                        bytes[k] = Alphabet[random.Next(Alphabet.Length)];
                    }

                    return bytes;
                }

            default:
                {
                    var seed = System.Text.Encoding.UTF8.GetBytes(Seeds[random.Next(Seeds.Length)]);
                    int edits = random.Next(0, 3);
                    for (int k = 0; k < edits && seed.Length > 0; k++)
                    {
                        int at = random.Next(seed.Length);
                        switch (random.Next(3))
                        {
                            case 0:
                                seed[at] = Alphabet[random.Next(Alphabet.Length)];
                                break;
                            case 1:
                                seed[at] = (byte)random.Next(256);
                                break;
                            default:
                                seed = seed.Take(at).Concat(seed.Skip(at + 1)).ToArray();
                                break;
                        }
                    }

                    return seed;
                }
        }
    }
}
