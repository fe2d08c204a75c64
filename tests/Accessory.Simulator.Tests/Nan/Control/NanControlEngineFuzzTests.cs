using Accessory.Simulator.Crypto;
using Accessory.Simulator.Nan.Control;
using Accessory.Simulator.Platform;

namespace Accessory.Simulator.Tests.Nan.Control;

/// <summary>Command lines built from real and broken pieces: every one is answered or refused with a reason, never a crash.</summary>
public sealed class NanControlEngineFuzzTests
{
    private static readonly string[] Commands =
        ["NAN_PUBLISH", "NAN_SUBSCRIBE", "NAN_CANCEL_PUBLISH", "NAN_CANCEL_SUBSCRIBE", "NAN_TRANSMIT", "PING", "nan_publish", "NAN_", ""];

    private static readonly string[] Keys =
        ["service_name", "ttl", "ssi", "solicited", "unsolicited", "active", "publish_id", "subscribe_id", "handle", "req_instance_id", "address", "srv_proto_type", "freq", "fsd", "x", ""];

    private static readonly string[] Values =
        ["", "0", "1", "2", "-1", "255", "256", "65536", "99999999999", "_accessory._tcp", "lamp", "00", "abc", "zz", "6869",
            "02:00:00:00:00:01", "ff:ff:ff:ff:ff:ff", "02:00:00:00:00", "=", "é", "\u0000", new string('a', 300), new string('0', 600)];

    [Fact]
    public void Sixty_thousand_command_lines_are_answered_or_refused_with_a_reason()
    {
        var random = new Random(20261130);
        using var engine = new NanControlEngine(new RecordingNanRadio(), new SystemClock(), new DotNetCryptoProvider());
        int answered = 0, refused = 0;
        for (int i = 0; i < 60_000; i++)
        {
            string line = Line(random);
            try
            {
                Assert.False(string.IsNullOrEmpty(engine.Execute(line)));
                answered++;
            }
            catch (NanControlException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message), line);
                refused++;
            }
        }

        Assert.Equal("PONG", engine.Execute("PING"));
        Assert.True(answered > 1000 && refused > 1000, $"answered {answered}, refused {refused}: the mix tests too little");
    }

    private static string Line(Random random)
    {
        var words = new List<string> { Commands[random.Next(Commands.Length)] };
        int count = random.Next(6);
        for (int i = 0; i < count; i++)
        {
            words.Add(random.Next(10) == 0 ? Values[random.Next(Values.Length)] : Keys[random.Next(Keys.Length)] + "=" + Values[random.Next(Values.Length)]);
        }

        return string.Join(random.Next(8) == 0 ? "  " : " ", words);
    }
}
