using Accessory.Core.Http;

namespace Accessory.Core.Tests.Http;

/// <summary>httpd's lru_purge_enable decision, shared by the simulator's provisioning server and the board's TcpHttpServer.</summary>
public class ConnectionSlotsTests
{
    [Fact]
    public void Past_the_limit_the_least_recently_used_connection_is_purged_never_the_new_one()
    {
        var slots = new ConnectionSlots(2);
        Assert.Equal(-1, slots.Admit(1));
        Assert.Equal(-1, slots.Admit(2));
        slots.Touch(1);

        Assert.Equal(2, slots.Admit(3));
        Assert.Equal(1, slots.Admit(4));
        Assert.Equal(2, slots.Count);
    }

    [Fact]
    public void A_closed_connection_frees_its_slot_and_unknown_ids_are_ignored()
    {
        var slots = new ConnectionSlots(1);
        slots.Admit(1);
        slots.Remove(1);
        slots.Remove(99);
        slots.Touch(99);

        Assert.Equal(-1, slots.Admit(2));
        Assert.Equal(2, slots.Admit(3));
        Assert.Equal(1, slots.Count);
    }

    [Fact]
    public void At_least_one_slot_is_required()
    {
        Assert.Throws<ArgumentException>(() => new ConnectionSlots(0));
    }
}
