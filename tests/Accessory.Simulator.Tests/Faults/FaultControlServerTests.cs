using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Accessory.Simulator.Faults;

namespace Accessory.Simulator.Tests.Faults;

/// <summary>The control API through real loopback sockets, with .NET's HttpClient.</summary>
public class FaultControlServerTests
{
    [Fact]
    public async Task Set_list_and_clear_through_HttpClient()
    {
        await using var api = ControlServerFixture.Start();

        var set = await api.Http.PostAsync("/faults", new StringContent("http.status:code=429,count=3\n# comment\nws.no-pong\n"));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("application/json; charset=utf-8", set.Content.Headers.ContentType!.ToString());
        Assert.Equal(
            [("http.status", "http.status:code=429,count=3"), ("ws.no-pong", "ws.no-pong")],
            Active(await set.Content.ReadAsStringAsync()));
        Assert.True(api.Faults.IsActive("ws.no-pong"));

        var list = await api.Http.GetStringAsync("/faults");
        Assert.Equal(2, Active(list).Count);

        var clear = await api.Http.DeleteAsync("/faults/ws.no-pong");
        Assert.Equal(HttpStatusCode.OK, clear.StatusCode);
        Assert.False(api.Faults.IsActive("ws.no-pong"));

        var again = await api.Http.DeleteAsync("/faults/ws.no-pong");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("fault 'ws.no-pong' is not active (active: http.status)", Error(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var all = await api.Http.DeleteAsync("/faults");
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        Assert.Empty(api.Faults.Snapshot());
    }

    [Fact]
    public async Task A_bad_line_in_a_multi_line_post_is_a_400_naming_it_and_changes_nothing()
    {
        await using var api = ControlServerFixture.Start();
        api.Faults.Set(FaultSpec.Parse("http.delay:ms=5"));

        var response = await api.Http.PostAsync("/faults", new StringContent("ws.no-pong\nhttp.delay:ms=9\nhttp.status:code=700\n"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            "line 3: fault 'http.status': parameter 'code' cannot be '700'; allowed: a whole number 200..599; nothing was changed",
            Error(await response.Content.ReadAsStringAsync()));
        Assert.Equal(["http.delay:ms=5"], api.Faults.Snapshot().Select(s => s.ToString()));
    }

    [Fact]
    public async Task The_catalogue_lists_every_fault_with_typed_parameters()
    {
        await using var api = ControlServerFixture.Start();

        using var json = JsonDocument.Parse(await api.Http.GetStringAsync("/faults/catalogue"));

        var faults = json.RootElement.GetProperty("faults").EnumerateArray().ToList();
        Assert.Equal(FaultCatalogue.Names, faults.Select(f => f.GetProperty("name").GetString()));
        var code = faults.Single(f => f.GetProperty("name").GetString() == "ws.close").GetProperty("parameters")[0];
        Assert.Equal(("code", "int", "1001", 1000, 4999), (code.GetProperty("name").GetString(), code.GetProperty("type").GetString(), code.GetProperty("default").GetString(), code.GetProperty("min").GetInt32(), code.GetProperty("max").GetInt32()));
        var mode = faults.Single(f => f.GetProperty("name").GetString() == "server.outage").GetProperty("parameters")[0];
        Assert.Equal(["refuse", "blackhole", "reset"], mode.GetProperty("values").EnumerateArray().Select(v => v.GetString()));
        var retry = faults.Single(f => f.GetProperty("name").GetString() == "http.status").GetProperty("parameters")[3];
        Assert.Equal(JsonValueKind.Null, retry.GetProperty("default").ValueKind);
    }

    [Fact]
    public async Task Unknown_resources_wrong_methods_and_big_bodies_are_refused_and_the_server_keeps_answering()
    {
        await using var api = ControlServerFixture.Start();

        Assert.Equal(HttpStatusCode.NotFound, (await api.Http.GetAsync("/nope")).StatusCode);
        var put = await api.Http.PutAsync("/faults", new StringContent("ws.no-pong"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
        Assert.Equal(["GET", "POST", "DELETE"], put.Content.Headers.Allow);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await api.Http.PostAsync("/faults/catalogue", new StringContent("x"))).StatusCode);
        var unknown = await api.Http.DeleteAsync("/faults/tls.nope");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.StartsWith("unknown fault 'tls.nope' (known faults:", Error(await unknown.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var big = await api.Http.PostAsync("/faults", new StringContent(new string('x', 16 * 1024 + 1)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        var notUtf8 = await api.Http.PostAsync("/faults", new ByteArrayContent([0xff, 0xfe, 0x41]));
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await api.Http.GetAsync("/faults")).StatusCode);
        Assert.Empty(api.Faults.Snapshot());
    }

    [Fact]
    public async Task Garbage_bytes_get_a_400_or_a_closed_socket_and_the_server_still_answers()
    {
        await using var api = ControlServerFixture.Start();
        var random = new Random(42);

        string malformed = await api.RawAsync("HELLO THERE\r\n\r\n"u8.ToArray());
        Assert.StartsWith("HTTP/1.1 400 Bad Request", malformed, StringComparison.Ordinal);
        Assert.Contains("\"error\":\"malformed request line\"", malformed, StringComparison.Ordinal);

        for (int i = 0; i < 20; i++)
        {
            var noise = new byte[random.Next(1, 20_000)];
            random.NextBytes(noise);
            await api.RawAsync(noise);
        }

        string valid = await api.RawAsync("GET /faults HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"u8.ToArray());
        Assert.StartsWith("HTTP/1.1 200 OK", valid, StringComparison.Ordinal);
        Assert.EndsWith("{\"active\":[]}\n", valid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keep_alive_posts_share_one_connection()
    {
        await using var api = ControlServerFixture.Start();
        string body = "ws.no-pong";
        string request = $"POST /faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {body.Length}\r\n\r\n{body}";

        string answer = await api.RawAsync(Encoding.ASCII.GetBytes(request + request + "GET /faults HTTP/1.1\r\nHost: localhost\r\n\r\n"));

        Assert.Equal(3, answer.Split("HTTP/1.1 200 OK").Length - 1);
    }

    [Fact]
    public async Task Only_loopback_may_be_bound()
    {
        var e = Assert.Throws<ArgumentException>(() => new FaultControlServer(new ActiveFaults(), 0, IPAddress.Any));
        Assert.Contains("loopback only", e.Message, StringComparison.Ordinal);

        await using var first = ControlServerFixture.Start();
        var taken = new FaultControlServer(new ActiveFaults(), first.Server.Port);
        Assert.Throws<SocketException>(taken.Start);
        await taken.DisposeAsync();
    }

    internal static List<(string Name, string Spec)> Active(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("active").EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString()!, f.GetProperty("spec").GetString()!))
            .ToList();
    }

    internal static string Error(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("error").GetString()!;
    }
}
