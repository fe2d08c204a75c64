using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Security;
using Accessory.Phone.Protos;
using Accessory.Phone.Security;
using Google.Protobuf;

namespace Accessory.Core.Tests.Security;

public class SessionRequestFuzzTests
{
    private const int Inputs = 21000;

    [Fact]
    public void Random_and_mutated_session_requests_only_ever_raise_typed_errors()
    {
        var random = new Random(20261125);
        ISecurityScheme[] schemes = { new Sec0Scheme(), SecurityTestKit.Sec1("pop"), SecurityTestKit.Sec2(1) };
        byte[][][] corpus = { Sec0Corpus(), Sec1Corpus(), Sec2Corpus() };
        foreach (ISecurityScheme scheme in schemes)
        {
            scheme.OpenSession(1);
            scheme.OpenSession(2);
        }

        int typedErrors = 0;
        for (int i = 0; i < Inputs; i++)
        {
            int which = random.Next(schemes.Length);
            ISecurityScheme scheme = schemes[which];
            byte[] input = NextInput(random, corpus[which], allowValidSec2Command0: random.Next(200) == 0);
            uint session = (uint)random.Next(1, 4);
            try
            {
                scheme.HandleSessionRequest(session, input);
                if (random.Next(4) == 0)
                {
                    byte[] data = new byte[random.Next(0, 40)];
                    random.NextBytes(data);
                    scheme.Decrypt(session, data);
                    scheme.Encrypt(session, data);
                }
            }
            catch (SecuritySessionException)
            {
                typedErrors++;
            }
#pragma warning disable CA1031 // the point of the test is to catch anything else
            catch (Exception e)
#pragma warning restore CA1031
            {
                Assert.Fail("input #" + i + " for sec" + scheme.Version + " (" + Convert.ToHexString(input) + ") raised " + e.GetType().Name + ": " + e.Message);
            }
        }

        Assert.True(typedErrors > Inputs / 2, "most inputs must be refused, got " + typedErrors);

        // The schemes still serve real clients afterwards.
        new Sec1Client(System.Text.Encoding.UTF8.GetBytes("pop")).Handshake(SecurityTestKit.Exchange(schemes[1], 1));
        Assert.True(schemes[1].IsEstablished(1));
    }

    private static byte[] NextInput(Random random, byte[][] corpus, bool allowValidSec2Command0)
    {
        int mode = random.Next(10);
        if (mode == 0)
        {
            byte[] garbage = new byte[random.Next(0, 80)];
            random.NextBytes(garbage);
            return garbage;
        }

        byte[] seed = corpus[random.Next(allowValidSec2Command0 ? corpus.Length : corpus.Length - 1)];
        if (mode == 1)
        {
            return seed;
        }

        byte[] input = (byte[])seed.Clone();
        if (mode == 2 && input.Length > 0)
        {
            return input[..random.Next(input.Length)];
        }

        int flips = random.Next(1, 4);
        for (int f = 0; f < flips && input.Length > 0; f++)
        {
            int at = random.Next(input.Length);
            input[at] = random.Next(2) == 0 ? (byte)(input[at] ^ (1 << random.Next(8))) : (byte)random.Next(256);
        }

        if (mode == 3)
        {
            byte[] tail = new byte[random.Next(1, 12)];
            random.NextBytes(tail);
            return [.. input, .. tail];
        }

        return input;
    }

    private static byte[][] Sec0Corpus() =>
        new[]
        {
            Sec0Client.CreateCommand(),
            SessionDataFrames.Wrap(new Sec0Payload { Msg = Sec0MsgType.S0SessionResponse, Sr = new S0SessionResp() }),
        };

    private static byte[][] Sec1Corpus()
    {
        var client = new Sec1Client(System.Text.Encoding.UTF8.GetBytes("pop"));
        byte[] command0 = client.CreateCommand0();
        Sec1Scheme device = SecurityTestKit.Sec1("pop");
        device.OpenSession(1);
        byte[] command1 = client.HandleResponse0(device.HandleSessionRequest(1, command0));
        return new[] { command0, command1, new Sec1Client(null).CreateCommand0() };
    }

    /// <summary>The last entry is a valid Command0 (slow SRP math), so it is drawn rarely.</summary>
    private static byte[][] Sec2Corpus()
    {
        var client = new Sec2Client(SecurityTestKit.Username, SecurityTestKit.Password, 1);
        byte[] command0 = client.CreateCommand0();
        Sec2Scheme device = SecurityTestKit.Sec2(1);
        device.OpenSession(1);
        byte[] command1 = client.HandleResponse0(device.HandleSessionRequest(1, command0));
        byte[] wrongUser = SessionDataFrames.Wrap(new Sec2Payload
        {
            Msg = Sec2MsgType.S2SessionCommand0,
            Sc0 = new S2SessionCmd0 { ClientUsername = ByteString.CopyFromUtf8("someone"), ClientPubkey = ByteString.CopyFrom(new byte[384]) },
        });
        return new[] { wrongUser, command1, command0 };
    }
}
