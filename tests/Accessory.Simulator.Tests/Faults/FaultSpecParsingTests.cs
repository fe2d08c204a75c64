using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.Faults;

public class FaultSpecParsingTests
{
    public static TheoryData<string> AllFaults()
    {
        var data = new TheoryData<string>();
        foreach (var name in FaultCatalogue.Names)
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void The_catalogue_holds_exactly_the_agreed_faults()
    {
        Assert.Equal(
            [
                "tls.abort-without-close-notify", "tls.session-tickets", "tls.resumption", "tls.chain", "tls.version", "server.outage",
                "http.delay", "http.status", "http.reset", "http.vary", "ws.abort", "ws.close", "ws.no-pong", "wifi.ap-lost", "mqtt.broker-outage",
                "nan.drop", "nan.delay-match", "nan.ttl-early", "nan.datapath-reject", "nan.pairing-fail", "ble.disconnect", "mdns.silent",
            ],
            FaultCatalogue.Names);
    }

    [Theory]
    [MemberData(nameof(AllFaults))]
    public void Every_fault_parses_by_name_alone_with_its_defaults_and_prints_back_as_its_name(string name)
    {
        var spec = FaultSpec.Parse(name);

        Assert.Equal(name, spec.Name);
        Assert.Equal(name, spec.ToString());
        foreach (var p in spec.Definition.Parameters.Where(p => p.Default != null))
        {
            string actual = p.Type switch
            {
                FaultParameterType.Number => spec.GetInt(p.Name).ToString(System.Globalization.CultureInfo.InvariantCulture),
                FaultParameterType.Bool => spec.GetBool(p.Name) ? "true" : "false",
                FaultParameterType.Enum => spec.GetEnum(p.Name),
                FaultParameterType.Duration => FaultDuration.Format(spec.GetDuration(p.Name)),
                _ => spec.GetString(p.Name),
            };
            Assert.Equal(p.Default, actual);
        }
    }

    [Fact]
    public void Defaults_are_the_documented_ones()
    {
        Assert.Equal(1, FaultSpec.Parse("tls.abort-without-close-notify").GetInt("after"));
        Assert.False(FaultSpec.Parse("tls.session-tickets").GetBool("enabled"));
        Assert.False(FaultSpec.Parse("tls.resumption").GetBool("enabled"));
        Assert.Equal("valid", FaultSpec.Parse("tls.chain").GetEnum("variant"));
        Assert.Equal(("1.2", "1.3"), (FaultSpec.Parse("tls.version").GetEnum("min"), FaultSpec.Parse("tls.version").GetEnum("max")));
        var outage = FaultSpec.Parse("server.outage");
        Assert.Equal(("refuse", TimeSpan.FromSeconds(10), TimeSpan.Zero), (outage.GetEnum("mode"), outage.GetDuration("duration"), outage.GetDuration("delay")));
        Assert.Equal((1000, string.Empty), (FaultSpec.Parse("http.delay").GetInt("ms"), FaultSpec.Parse("http.delay").GetString("path")));
        var status = FaultSpec.Parse("http.status");
        Assert.Equal((503, string.Empty, 0, (int?)null), (status.GetInt("code"), status.GetString("path"), status.GetInt("count"), status.GetOptionalInt("retry-after")));
        Assert.False(status.Has("retry-after"));
        Assert.Equal(0, FaultSpec.Parse("http.reset").GetInt("after-bytes"));
        var vary = FaultSpec.Parse("http.vary");
        Assert.Equal(("Accept-Language", false, "max-age=60", "/api/v1/info"), (vary.GetString("header"), vary.GetBool("vary"), vary.GetString("cache-control"), vary.GetString("path")));
        Assert.Equal(0, FaultSpec.Parse("ws.abort").GetInt("after"));
        var close = FaultSpec.Parse("ws.close");
        Assert.Equal((1001, string.Empty, 0), (close.GetInt("code"), close.GetString("reason"), close.GetInt("after")));
        Assert.Empty(FaultSpec.Parse("ws.no-pong").Definition.Parameters);
        Assert.Equal(TimeSpan.FromSeconds(10), FaultSpec.Parse("wifi.ap-lost").GetDuration("duration"));
        Assert.Equal(TimeSpan.FromSeconds(10), FaultSpec.Parse("mqtt.broker-outage").GetDuration("duration"));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("on", true)]
    [InlineData("YES", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("off", false)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    public void Bools_accept_the_usual_spellings(string text, bool expected)
    {
        Assert.Equal(expected, FaultSpec.Parse("tls.session-tickets:enabled=" + text).GetBool("enabled"));
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("10s", 10_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1500", 1500)]
    [InlineData("24h", 86_400_000)]
    public void Durations_accept_units_and_bare_milliseconds(string text, int ms)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ms), FaultSpec.Parse("wifi.ap-lost:duration=" + text).GetDuration("duration"));
    }

    [Fact]
    public void Quoted_values_may_hold_commas_quotes_and_spaces()
    {
        var spec = FaultSpec.Parse("http.vary: cache-control=\"max-age=60, private\" , vary=on,path=\"/\\\"Q\\\"\"");

        Assert.Equal("max-age=60, private", spec.GetString("cache-control"));
        Assert.Equal("/\"Q\"", spec.GetString("path"));
        Assert.True(spec.GetBool("vary"));
    }

    [Theory]
    [InlineData("http.status:count=3,code=429,retry-after=5", "http.status:code=429,count=3,retry-after=5")]
    [InlineData("server.outage:delay=10000,duration=5000,mode=REFUSE", "server.outage:duration=5s,delay=10s")]
    [InlineData("tls.session-tickets:enabled=on", "tls.session-tickets:enabled=true")]
    [InlineData("tls.session-tickets:enabled=off", "tls.session-tickets")]
    [InlineData("http.vary:cache-control=max-age=60, private", null)]
    [InlineData("http.vary:cache-control=\"max-age=60, private\",path=", "http.vary:cache-control=\"max-age=60, private\",path=\"\"")]
    [InlineData("  tls.version : min = 1.0 , max=1.1 ", "tls.version:min=1.0,max=1.1")]
    [InlineData("ws.close:code=4000,reason=\"bye, now\"", "ws.close:code=4000,reason=\"bye, now\"")]
    public void ToString_is_the_canonical_spec_and_round_trips(string input, string? canonical)
    {
        if (canonical == null)
        {
            // An unquoted comma starts a new parameter: "private" has no value.
            Assert.Throws<FaultSpecException>(() => FaultSpec.Parse(input));
            return;
        }

        var spec = FaultSpec.Parse(input);
        Assert.Equal(canonical, spec.ToString());
        Assert.Equal(spec, FaultSpec.Parse(spec.ToString()));
    }

    [Fact]
    public void Create_takes_raw_values_like_a_scenario_mapping()
    {
        var spec = FaultSpec.Create("http.delay", [new("ms", "500"), new("path", "/api/v1/state")]);

        Assert.Equal("http.delay:ms=500,path=/api/v1/state", spec.ToString());
    }

    [Fact]
    public void Accessors_refuse_a_parameter_the_fault_does_not_have_or_of_another_type()
    {
        var spec = FaultSpec.Parse("http.delay");

        Assert.Throws<ArgumentException>(() => spec.GetInt("nope"));
        Assert.Throws<ArgumentException>(() => spec.GetBool("ms"));
    }
}
