using System.Text;
using System.Text.Json;
using Accessory.Core.LocalApi;

namespace Accessory.Core.Tests.LocalApi;

public class LocalApiFuzzTests
{
    private static readonly string[] Methods = { "GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "get", "", "P\u00dcT", "GET " };

    private static readonly string[] Paths =
    {
        LocalApiPaths.Info, LocalApiPaths.State, LocalApiPaths.Events, "/", "/api/v1/", "/api/v1/state/",
        LocalApiPaths.CommandsPrefix, LocalApiPaths.CommandsPrefix + "power", LocalApiPaths.CommandsPrefix + "brightness",
        LocalApiPaths.CommandsPrefix + "identify", LocalApiPaths.CommandsPrefix + "reboot",
        LocalApiPaths.CommandsPrefix + "factory-reset", LocalApiPaths.CommandsPrefix + "nope", "api/v1/info",
    };

    private static readonly string[] Bodies =
    {
        "", "{}", "{\"on\":true}", "{\"on\":false,\"brightness\":3}", "{\"brightness\":100}", "{\"value\":55}",
        "{\"seconds\":2}", "{\"confirm\":\"" + LocalApiHarness.DeviceId + "\"}", "{\"on\":1}", "{\"brightness\":101}",
        "{\"x\":null}", "[1]", "{\"request\":\"r\",\"on\":true}",
    };

    private static readonly byte[] Alphabet = Encoding.UTF8.GetBytes("{}[]\":,\\0123456789-.onbrightesvalucfmq /?\u00e9");

    [Fact]
    public void Fifty_thousand_seeded_requests_never_throw_and_change_state_only_on_200_put_or_post()
    {
        var random = new Random(20260514);
        var h = new LocalApiHarness();
        var changes = 0;
        var seen = new HashSet<int>();
        for (int i = 0; i < 50_000; i++)
        {
            // A third are plausible writes, so state-changing requests are exercised often, not by luck.
            bool plausible = random.Next(3) == 0;
            string method = plausible ? (random.Next(2) == 0 ? "PUT" : "POST") : Pick(random, Methods);
            string path = plausible ? (method == "PUT" ? LocalApiPaths.State : Pick(random, Paths)) : MakePath(random);
            byte[] body = MakeBody(random);
            var before = h.Effects;

            LocalApiResponse r = h.Router.Handle(method, path, body);

            seen.Add(r.Status);
            Assert.Contains(r.Status, new[] { 200, 400, 404, 405, 413, 426 });
            Assert.Equal(r.Status == 405, r.Allow != null);
            using (JsonDocument.Parse(r.Body))
            {
            }

            if (h.Effects != before)
            {
                changes++;
                Assert.Equal(200, r.Status);
                Assert.True(method == "PUT" || method == "POST", method + " " + path + " changed state");
            }

            // A factory reset or reboot in the fuzz must not stop later iterations from exercising state changes.
            if (random.Next(500) == 0)
            {
                h = new LocalApiHarness();
            }
        }

        // Every outcome must be exercised, or the generator is not testing anything.
        Assert.True(changes > 500, "changes " + changes);
        Assert.Equal(new[] { 200, 400, 404, 405, 413, 426 }, seen.OrderBy(s => s).ToArray());
    }

    private static string MakePath(Random random)
    {
        var path = Pick(random, Paths);
        switch (random.Next(6))
        {
            case 0:
                return path + "?q=" + random.Next();
            case 1:
                return path.Length > 1 ? path.Remove(random.Next(path.Length), 1) : path;
            case 2:
                return path + (char)random.Next(0x20, 0x3000);
            default:
                return path;
        }
    }

    private static byte[] MakeBody(Random random)
    {
        switch (random.Next(8))
        {
            case 0:
                var noise = new byte[random.Next(64)];
                random.NextBytes(noise);
                return noise;
            case 1:
                return new byte[LocalApiPaths.MaxBodyBytes + 1 + random.Next(100)];
            case 2:
                var text = new byte[random.Next(48)];
                for (int i = 0; i < text.Length; i++)
                {
                    text[i] = Alphabet[random.Next(Alphabet.Length)];
                }

                return text;
            case 3:
                var seed = Encoding.UTF8.GetBytes(Pick(random, Bodies));
                if (seed.Length > 0)
                {
                    seed[random.Next(seed.Length)] = Alphabet[random.Next(Alphabet.Length)];
                }

                return seed;
            default:
                return Encoding.UTF8.GetBytes(Pick(random, Bodies));
        }
    }

    private static string Pick(Random random, string[] options) => options[random.Next(options.Length)];
}
