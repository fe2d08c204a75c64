using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.Faults;

public sealed class NanFaultSpecTests
{
    [Theory]
    [InlineData("nan.drop:probability=1.5")]
    [InlineData("nan.drop:probability=half")]
    [InlineData("nan.datapath-reject:reason=\"tab\there\"")]
    public void Nan_faults_refuse_values_the_device_cannot_apply(string spec) =>
        Assert.Throws<FaultSpecException>(() => FaultSpec.Parse(spec));

    [Fact]
    public void Nan_faults_parse_with_their_defaults()
    {
        Assert.Equal("0.5", FaultSpec.Parse("nan.drop").GetString("probability"));
        Assert.Equal(1000, FaultSpec.Parse("nan.delay-match").GetInt("ms"));
        Assert.Equal(5, FaultSpec.Parse("nan.ttl-early").GetInt("seconds"));
        Assert.Equal("rejected", FaultSpec.Parse("nan.datapath-reject").GetString("reason"));
        Assert.Equal(FaultNames.NanPairingFail, FaultSpec.Parse("nan.pairing-fail").Name);
    }
}
