using System.Text;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.Faults;

public class FaultSpecFuzzTests
{
    private static readonly string[] Pieces =
    [
        "http.status", "http.vary", "tls.version", "ws.close", "server.outage", "ws.no-pong", ":", ",", "=", "\"", "\\", " ",
        "code", "count", "min", "max", "reason", "cache-control", "duration", "mode", "1.2", "1.0", "503", "-1", "99999999999999999999",
        "10s", "0", "ms", "h", "refuse", "on", "\u00e9", "\0", "\n", "\uD800", "path", "/x", "retry-after", "after",
    ];

    [Fact]
    public void Twenty_thousand_random_specs_give_a_spec_that_round_trips_or_a_FaultSpecException_and_nothing_else()
    {
        var random = new Random(9816);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++)
        {
            string text = RandomSpec(random);
            FaultSpec spec;
            try
            {
                spec = FaultSpec.Parse(text);
            }
            catch (FaultSpecException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
                continue;
            }

            parsed++;
            Assert.Equal(spec, FaultSpec.Parse(spec.ToString()));
        }

        // The generator must reach the valid side too, or the round-trip half tests nothing.
        Assert.True(parsed > 100, $"only {parsed} random specs parsed");
    }

    private static string RandomSpec(Random random)
    {
        var text = new StringBuilder();
        if (random.Next(3) > 0)
        {
            text.Append(FaultCatalogue.All[random.Next(FaultCatalogue.All.Count)].Name);
            if (random.Next(4) == 0)
            {
                return text.ToString();
            }

            text.Append(':');
        }

        int parts = random.Next(1, 12);
        for (int i = 0; i < parts; i++)
        {
            text.Append(random.Next(5) == 0 ? (char)random.Next(0, 0x3000) : Pieces[random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }
}
