using Accessory.Core.Provisioning;
using Accessory.Core.Provisioning.Endpoints;

namespace Accessory.Core.Tests.Provisioning;

public class CustomDataEndpointTests
{
    [Fact]
    public void Custom_data_is_stored_and_acknowledged()
    {
        using var h = new ProvisioningHarness();
        h.Service.AddCustomDataEndpoint();
        h.Started();
        var response = h.Send("custom-data", "room=kitchen ✓"u8.ToArray());
        Assert.Equal(ProtocommOutcome.Ok, response.Outcome);
        Assert.Equal("SUCCESS", System.Text.Encoding.UTF8.GetString(response.Body));
        Assert.Equal("room=kitchen ✓", h.Reloaded().GetString(CustomDataEndpoint.SettingKey));
    }

    [Fact]
    public void Oversized_custom_data_is_refused_in_words_and_not_stored()
    {
        using var h = new ProvisioningHarness();
        h.Service.AddCustomDataEndpoint();
        h.Started();
        var response = h.Send("custom-data", Enumerable.Repeat((byte)'a', CustomDataEndpoint.DefaultMaxLength + 1).ToArray());
        Assert.Equal(ProtocommOutcome.Ok, response.Outcome);
        Assert.StartsWith("REFUSED:", System.Text.Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
        Assert.Contains("128", System.Text.Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
        Assert.Null(h.Store.Image);

        var atLimit = h.Send("custom-data", Enumerable.Repeat((byte)'a', CustomDataEndpoint.DefaultMaxLength).ToArray());
        Assert.Equal("SUCCESS", System.Text.Encoding.UTF8.GetString(atLimit.Body));
    }

    [Fact]
    public void Non_utf8_custom_data_is_refused()
    {
        using var h = new ProvisioningHarness();
        h.Service.AddCustomDataEndpoint();
        h.Started();
        var response = h.Send("custom-data", new byte[] { 0x41, 0xC3 });
        Assert.StartsWith("REFUSED:", System.Text.Encoding.UTF8.GetString(response.Body), StringComparison.Ordinal);
        Assert.Null(h.Store.Image);
    }

    [Fact]
    public void Custom_endpoints_cannot_be_added_after_start()
    {
        using var h = new ProvisioningHarness().Started();
        Assert.Throws<InvalidOperationException>(() => h.Service.AddCustomDataEndpoint());
    }
}
