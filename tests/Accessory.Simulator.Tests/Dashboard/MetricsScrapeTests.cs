using Accessory.Simulator.Tests.Faults;

namespace Accessory.Simulator.Tests.Dashboard;

/// <summary>
/// GET /metrics of `accessory-sim run`, read by prometheus_client's parser before and after real traffic: a phone
/// provisioning over HTTP, curl against the local API, a fault acting, the device's MQTT link coming up.
/// </summary>
public sealed class MetricsScrapeTests
{
    private const string Sessions = "accessory_provisioning_sessions_total{outcome=\"connected\",security=\"sec1\",transport=\"softap\"}";
    private const string Handshakes = "accessory_provisioning_handshake_seconds_count{security=\"sec1\",transport=\"softap\"}";
    private const string Flows = "accessory_provisioning_flow_seconds_count{outcome=\"connected\",security=\"sec1\",transport=\"softap\"}";
    private const string InfoOk = "accessory_local_api_requests_total{route=\"/api/v1/info\",status=\"200\"}";
    private const string Info503 = "accessory_local_api_requests_total{route=\"/api/v1/info\",status=\"503\"}";
    private const string Fired = "accessory_faults_fired_total{fault=\"http.status\"}";

    [Fact]
    public void Counters_move_with_provisioning_local_api_requests_faults_and_mqtt()
    {
        using var sim = DashboardSimulator.Start();
        var before = Scrape(sim);
        Assert.Equal(0, before.Value(Sessions));
        Assert.True(before.Value("process_cpu_seconds_total{}") > 0, "process figures are missing");
        Assert.True(before.ContainsKey("process_resident_memory_bytes{}") || before.ContainsKey("process_working_set_bytes{}"));
        Assert.Equal(0, before.Value("accessory_mqtt_connected{}"));

        var outcome = sim.Provision();
        Assert.Equal(Accessory.Phone.Protos.WifiStationState.Connected, outcome.StaState);
        Assert.True(SpinWait.SpinUntil(() => sim.Status().GetProperty("state").GetString() == "online", TimeSpan.FromSeconds(20)));
        string info = "http://127.0.0.1:" + sim.Port("http") + "/api/v1/info";
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(200, Curl.Run(info).Status);
        }

        Assert.Equal(200, Curl.Run("--data-binary", "http.status:code=503,count=2", sim.BaseUrl + "faults").Status);
        Assert.Equal(503, Curl.Run(info).Status);
        Assert.Equal(503, Curl.Run(info).Status);
        Assert.Equal(200, Curl.Run(info).Status);
        Assert.True(SpinWait.SpinUntil(() => Scrape(sim).Value("accessory_mqtt_connected{}") == 1, TimeSpan.FromSeconds(20)), "the MQTT link never came up");

        var after = Scrape(sim);
        string detail = PrometheusText.Describe(after, "accessory_");
        Assert.True(after.Value(Sessions) == 1, detail);
        Assert.True(after.Value(Handshakes) == 1, detail);
        Assert.True(after.Value(Flows) == 1, detail);
        Assert.True(after.Value("accessory_provisioning_flow_seconds_sum{outcome=\"connected\",security=\"sec1\",transport=\"softap\"}") > 0, detail);
        Assert.True(after.Value("accessory_wifi_scan_requests_total{}") > before.Value("accessory_wifi_scan_requests_total{}"), detail);
        Assert.True(after.Value(InfoOk) - before.Value(InfoOk) == 4, detail);
        Assert.True(after.Value(Info503) - before.Value(Info503) == 2, detail);
        Assert.True(after.Value(Fired) - before.Value(Fired) == 2, detail);
        Assert.True(after.Value("accessory_mqtt_connects_total{result=\"connected\"}") >= 1, detail);
        Assert.True(after.Value("accessory_mqtt_publishes_total{}") > 0, detail);
        Assert.True(after.ContainsKey("accessory_mqtt_queue_depth{}"), detail);
    }

    [Fact]
    public void A_failed_join_counts_as_a_failed_session()
    {
        using var sim = DashboardSimulator.Start();
        var outcome = sim.Provision("not the password");

        Assert.Equal(Accessory.Phone.Protos.WifiStationState.ConnectionFailed, outcome.StaState);
        var after = Scrape(sim);
        string detail = PrometheusText.Describe(after, "accessory_provisioning");
        Assert.True(after.Value("accessory_provisioning_sessions_total{outcome=\"failed\",security=\"sec1\",transport=\"softap\"}") == 1, detail);
        Assert.Equal(0, after.Value(Sessions));
    }

    [Fact]
    public async Task A_session_over_ble_is_counted_under_its_own_transport()
    {
        using var sim = DashboardSimulator.Start();
        var outcome = await sim.ProvisionOverBleAsync();

        Assert.Equal(Accessory.Phone.Protos.WifiStationState.Connected, outcome.StaState);
        var after = Scrape(sim);
        string detail = PrometheusText.Describe(after, "accessory_provisioning");
        Assert.True(after.Value("accessory_provisioning_sessions_total{outcome=\"connected\",security=\"sec1\",transport=\"ble\"}") == 1, detail);
        Assert.True(after.Value("accessory_provisioning_handshake_seconds_count{security=\"sec1\",transport=\"ble\"}") == 1, detail);
        Assert.Equal(0, after.Value(Sessions));
    }

    private static IReadOnlyDictionary<string, double> Scrape(DashboardSimulator sim)
    {
        var (status, body) = Curl.Run(sim.BaseUrl + "metrics");
        Assert.Equal(200, status);
        return PrometheusText.Parse(body);
    }
}
