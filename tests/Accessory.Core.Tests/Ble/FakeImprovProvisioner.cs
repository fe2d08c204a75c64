using Accessory.Core.Ble.Improv;
using Accessory.Core.Wifi;

namespace Accessory.Core.Tests.Ble;

/// <summary>Records joins and answers them when the test says so (or at once when <see cref="AnswerAtOnce"/> is set).</summary>
internal sealed class FakeImprovProvisioner : IImprovProvisioner
{
    public bool? AnswerAtOnce { get; set; }

    public List<(byte[] Ssid, byte[] Passphrase)> Joins { get; } = new();

    public ImprovJoinCallback? Pending { get; private set; }

    public WifiAccessPoint[]? Networks { get; set; }

    public void Join(byte[] ssid, byte[] passphrase, ImprovJoinCallback done)
    {
        Joins.Add((ssid, passphrase));
        if (AnswerAtOnce.HasValue)
        {
            done(AnswerAtOnce.Value);
            return;
        }

        Pending = done;
    }

    public void Scan(ImprovScanCallback done) => done(Networks);
}
