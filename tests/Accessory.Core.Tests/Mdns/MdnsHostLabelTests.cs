using Accessory.Core.Mdns;

namespace Accessory.Core.Tests.Mdns;

public class MdnsHostLabelTests
{
    [Theory]
    [InlineData("PROV_A1B2C3", "prov-a1b2c3")]
    [InlineData("Kitchen Lamp", "kitchen-lamp")]
    [InlineData("__x__", "x")]
    [InlineData("Café ☕", "caf")]
    [InlineData("___", "accessory")]
    [InlineData("", "accessory")]
    public void A_device_name_becomes_a_valid_lower_case_host_label(string name, string label)
    {
        Assert.Equal(label, MdnsNaming.HostLabelFor(name));
    }

    [Fact]
    public void A_long_name_is_cut_to_one_dns_label()
    {
        Assert.Equal(63, MdnsNaming.HostLabelFor(new string('a', 100)).Length);
    }
}
