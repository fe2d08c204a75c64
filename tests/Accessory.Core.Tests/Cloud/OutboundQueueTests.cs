using Accessory.Core.Cloud;

namespace Accessory.Core.Tests.Cloud;

public class OutboundQueueTests
{
    private static OutboundMessage Msg(string topic, int qos = 1) => new(topic, new byte[] { 1 }, qos, false);

    [Fact]
    public void When_full_the_oldest_is_dropped_and_counted()
    {
        var queue = new OutboundQueue(3);
        foreach (var t in new[] { "a", "b", "c", "d", "e" })
        {
            queue.Enqueue(Msg(t));
        }

        Assert.Equal(3, queue.Count);
        Assert.Equal(2, queue.Dropped);
        Assert.Equal(new[] { "c", "d", "e" }, queue.TakeUnsent().Select(m => m.Topic));
    }

    [Fact]
    public void Qos1_stays_until_acknowledged_and_qos0_leaves_when_taken()
    {
        var queue = new OutboundQueue(10);
        var q1 = Msg("one");
        queue.Enqueue(q1);
        queue.Enqueue(Msg("zero", 0));
        var batch = queue.TakeUnsent();
        Assert.Equal(2, batch.Length);
        Assert.Equal(1, queue.Count);
        Assert.Empty(queue.TakeUnsent());
        queue.Complete(q1, q1.Attempt, true);
        Assert.Equal(0, queue.Count);
        Assert.Equal(1, queue.Acknowledged);
    }

    [Fact]
    public void A_nack_or_lost_link_makes_messages_unsent_again_in_order()
    {
        var queue = new OutboundQueue(10);
        var a = Msg("a");
        var b = Msg("b");
        var c = Msg("c");
        queue.Enqueue(a);
        queue.Enqueue(b);
        queue.TakeUnsent();
        queue.Enqueue(c);
        queue.Complete(b, b.Attempt, false);
        Assert.Equal(new[] { "b", "c" }, queue.TakeUnsent().Select(m => m.Topic));
        queue.ReturnInFlight();
        Assert.Equal(new[] { "a", "b", "c" }, queue.TakeUnsent().Select(m => m.Topic));
        Assert.Equal(3, queue.Count);
    }

    [Fact]
    public void A_stale_nack_does_not_unsettle_a_newer_send()
    {
        var queue = new OutboundQueue(10);
        var a = Msg("a");
        queue.Enqueue(a);
        queue.TakeUnsent();
        int first = a.Attempt;
        queue.ReturnInFlight();
        queue.TakeUnsent();
        queue.Complete(a, first, false);
        Assert.True(a.InFlight);
        Assert.Empty(queue.TakeUnsent());
    }

    [Fact]
    public void An_ack_for_a_dropped_message_is_ignored()
    {
        var queue = new OutboundQueue(1);
        var a = Msg("a");
        queue.Enqueue(a);
        queue.TakeUnsent();
        queue.Enqueue(Msg("b"));
        queue.Complete(a, a.Attempt, true);
        Assert.Equal(1, queue.Count);
        Assert.Equal(0, queue.Acknowledged);
        Assert.Equal(1, queue.Dropped);
    }
}
