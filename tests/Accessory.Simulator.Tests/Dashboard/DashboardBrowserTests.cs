using System.Text.RegularExpressions;
using Accessory.Simulator.Tests.Faults;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Accessory.Simulator.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: Debian's chromium, headless, driven by Playwright, at a phone's screen size,
/// against `accessory-sim run` in a child process. What the page shows is checked against what really happens:
/// a phone-side client provisioning over HTTP, curl against the local API, the device's own /status.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    private readonly ITestOutputHelper _output;

    public DashboardBrowserTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>Screenshots are kept here, next to the test assembly, as artifacts of the run.</summary>
    public static string ArtifactFolder => Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard");

    [Fact]
    public async Task The_page_follows_provisioning_turns_a_fault_on_and_off_on_the_wire_and_takes_an_ap_away()
    {
        await using var session = await DashboardBrowserSession.OpenAsync();
        var sim = session.Simulator;
        var page = session.Page;
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync(sim.BaseUrl);

        var state = page.Locator("#state-row [data-state]");
        var timeline = page.Locator("#timeline");
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await Expect(state).ToHaveTextAsync("provisioning");
        await Expect(page.Locator("#provisioning-row")).ToContainTextAsync("softap-http");
        await Expect(page.Locator("#qr img")).ToBeVisibleAsync();
        await Expect(page.Locator("#qr")).ToContainTextAsync(DashboardSimulator.Pop);
        Assert.Equal(sim.Status().GetProperty("provisioning").GetProperty("qr").GetString(), await ScanQrAsync(page));

        // The phone provisions while the page is open; the page hears about it from the event stream.
        var outcome = await Task.Run(() => sim.Provision());
        Assert.Equal(Accessory.Phone.Protos.WifiStationState.Connected, outcome.StaState);
        await Expect(state).ToHaveTextAsync("online");
        await Expect(timeline).ToContainTextAsync("provisioning -> connecting (credentials-applied)");
        await Expect(timeline).ToContainTextAsync("connecting -> online (connected)");
        await Expect(timeline).ToContainTextAsync("provisioned: joined HomeNetwork");
        await Expect(page.Locator("#network-row")).ToContainTextAsync("HomeNetwork");
        await Expect(page.Locator("#provisioning-row")).ToContainTextAsync("closed");

        string info = "http://127.0.0.1:" + sim.Port("http") + "/api/v1/info";
        Assert.Equal(200, Curl.Run(info).Status);

        // One click sets http.status with its defaults (503 on every request); curl sees it on the wire.
        var fault = page.Locator(".fault[data-fault='http.status']");
        await fault.Locator("button[data-action='fault-set']").ClickAsync();
        await Expect(fault).ToHaveClassAsync(ActiveClass());
        await Expect(timeline).ToContainTextAsync("fault set: http.status");
        Assert.Equal(503, Curl.Run(info).Status);

        await fault.Locator("button[data-action='fault-clear']").ClickAsync();
        await Expect(fault).Not.ToHaveClassAsync(ActiveClass());
        await Expect(timeline).ToContainTextAsync("fault http.status cleared");
        Assert.Equal(200, Curl.Run(info).Status);

        // A fault that ends by itself shows its remaining time.
        var outage = page.Locator(".fault[data-fault='server.outage']");
        await outage.Locator("summary").ClickAsync();
        await outage.Locator("[data-param='duration']").FillAsync("60s");
        await outage.Locator("button[data-action='fault-set']").ClickAsync();
        await Expect(outage.Locator(".remaining")).ToHaveTextAsync(RemainingSeconds());
        await outage.Locator("button[data-action='fault-clear']").ClickAsync();
        await Expect(outage).Not.ToHaveClassAsync(ActiveClass());

        // Taking the joined AP off the air: the device loses its network and the page follows; bringing it back rejoins.
        var ap = page.Locator($"tr[data-bssid='{DashboardSimulator.HomeBssid}']");
        await ap.Locator("button[data-action='ap-away']").ClickAsync();
        await Expect(state).ToHaveTextAsync("connecting");
        await Expect(ap).ToContainTextAsync("off the air");
        Assert.Equal("connecting", sim.Status().GetProperty("state").GetString());
        Directory.CreateDirectory(ArtifactFolder);
        string offAir = Path.Combine(ArtifactFolder, "dashboard-ap-away.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = offAir, FullPage = true });

        await ap.Locator("button[data-action='ap-back']").ClickAsync();
        await Expect(state).ToHaveTextAsync("online", new LocatorAssertionsToHaveTextOptions { Timeout = 30_000 });

        // Changing the RSSI changes what the device hears.
        await ap.Locator("[data-rssi]").FillAsync("-77");
        await ap.Locator("button[data-action='ap-rssi']").ClickAsync();
        await Expect(page.Locator("#network-row")).ToContainTextAsync("-77 dBm");

        string shot = Path.Combine(ArtifactFolder, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        _output.WriteLine("screenshots: " + shot + ", " + offAir);
        Assert.True(new FileInfo(shot).Length > 10_000);

        // Everything the page loaded came from the simulator itself: it works with no network.
        Assert.All(requests, url => Assert.StartsWith(sim.BaseUrl, url, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_parameter_list_opened_while_the_page_re_renders_stays_open()
    {
        await using var session = await DashboardBrowserSession.OpenAsync();
        var page = session.Page;
        await page.GotoAsync(session.Simulator.BaseUrl);
        await Expect(page.Locator("#live")).ToHaveTextAsync("live");

        // Hold the next re-render's body in the page until the test lets it go: the window a slow machine opens
        // between the request and the replacement of the sections, made as wide as the test needs.
        await page.EvaluateAsync(
            @"() => {
                let release;
                const hold = new Promise(r => { release = r; });
                window.releaseSections = () => release();
                window.sectionsHeld = false;
                const text = Response.prototype.text;
                Response.prototype.text = async function () {
                    const body = await text.call(this);
                    if (this.url.endsWith('/dashboard/sections') && !window.sectionsHeld) {
                        window.sectionsHeld = true;
                        await hold;
                    }
                    return body;
                };
            }");

        // Setting a fault is a device event: the page re-renders its sections, and that request is held.
        var status = page.Locator(".fault[data-fault='http.status']");
        await status.Locator("button[data-action='fault-set']").ClickAsync();
        await page.WaitForFunctionAsync("() => window.sectionsHeld");

        // The user opens another fault's parameters meanwhile.
        var outage = page.Locator(".fault[data-fault='server.outage']");
        await outage.Locator("summary").ClickAsync();
        await Expect(outage.Locator("[data-param='duration']")).ToBeVisibleAsync();

        await page.EvaluateAsync("() => window.releaseSections()");
        await Expect(status).ToHaveClassAsync(ActiveClass()); // the sections were replaced
        await Expect(outage.Locator("details")).ToHaveAttributeAsync("open", string.Empty, new LocatorAssertionsToHaveAttributeOptions { Timeout = 2_000 });
        await outage.Locator("[data-param='duration']").FillAsync("60s", new LocatorFillOptions { Timeout = 2_000 });
    }

    /// <summary>What a scanner reads from the QR code as the browser draws it: the image's pixels, decoded by ZXing.</summary>
    private static async Task<string> ScanQrAsync(IPage page)
    {
        const int Size = 440;
        var gray = await page.EvaluateAsync<int[]>(
            @"async size => {
                const img = document.querySelector('#qr img');
                await img.decode();
                const canvas = document.createElement('canvas');
                canvas.width = size; canvas.height = size;
                const ctx = canvas.getContext('2d');
                ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, size, size);
                ctx.drawImage(img, 0, 0, size, size);
                const data = ctx.getImageData(0, 0, size, size).data;
                const gray = new Array(size * size);
                for (let i = 0; i < gray.length; i++) gray[i] = data[i * 4];
                return gray;
            }",
            Size);
        var source = new ZXing.RGBLuminanceSource(gray.Select(v => (byte)v).ToArray(), Size, Size, ZXing.RGBLuminanceSource.BitmapFormat.Gray8);
        var result = new ZXing.QrCode.QRCodeReader().decode(new ZXing.BinaryBitmap(new ZXing.Common.HybridBinarizer(source)));
        Assert.NotNull(result);
        return result.Text;
    }

    [GeneratedRegex(@"\bactive\b")]
    private static partial Regex ActiveClass();

    [GeneratedRegex(@"^[1-6]?[0-9] s left$")]
    private static partial Regex RemainingSeconds();
}
