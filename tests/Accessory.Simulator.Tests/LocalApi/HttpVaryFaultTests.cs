using System.Text.Json;

namespace Accessory.Simulator.Tests.LocalApi;

/// <summary>http.vary: the chosen caching headers, and a body that names the header value it was made for.</summary>
public sealed class HttpVaryFaultTests
{
    private const string CacheControl = "private, max-age=30";

    [Fact]
    public async Task With_vary_on_the_response_varies_by_the_header_and_says_so()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "http.vary:header=Accept-Language,vary=on,cache-control=\"" + CacheControl + "\"");
        using var client = d.CreateHttpsClient();

        foreach (var language in new[] { "fr", "de" })
        {
            var (vary, cacheControl, varied) = await GetInfoAsync(client, language);
            Assert.Equal("Accept-Language", vary);
            Assert.Equal(CacheControl, cacheControl);
            Assert.Equal(language, varied);
        }
    }

    [Fact]
    public async Task With_vary_off_the_vary_header_is_absent()
    {
        await using var d = await LocalApiDevice.StartAsync(null, "http.vary:header=Accept-Language,vary=off,cache-control=\"" + CacheControl + "\"");
        using var client = d.CreateHttpsClient();

        var (vary, cacheControl, varied) = await GetInfoAsync(client, "fr");

        Assert.Null(vary);
        Assert.Equal(CacheControl, cacheControl);
        Assert.Equal("fr", varied);
    }

    private static async Task<(string? Vary, string CacheControl, string? Varied)> GetInfoAsync(HttpClient client, string language)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/v1/info", UriKind.Relative));
        request.Headers.Add("Accept-Language", language);
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();

        // Unparsed header values: even GetValues re-formats Cache-Control ("max-age=30, private").
        var headers = response.Headers.NonValidated;
        string? vary = headers.TryGetValues("Vary", out var varyValues) ? varyValues.ToString() : null;
        string cacheControl = headers["Cache-Control"].ToString();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var varied = body.RootElement.GetProperty("varied");
        Assert.Equal("Accept-Language", varied.GetProperty("header").GetString());
        return (vary, cacheControl, varied.GetProperty("value").GetString());
    }
}
