using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Accessory.Simulator.Tests.Dashboard;

/// <summary>
/// `accessory-sim run` in a child process and Debian's chromium (headless, through Playwright) with one page at a
/// phone's screen size, not yet navigated, so a test can watch the page's requests from the first one.
/// </summary>
internal sealed class DashboardBrowserSession : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private DashboardBrowserSession(DashboardSimulator simulator, IPlaywright playwright, IBrowser browser, IPage page)
    {
        Simulator = simulator;
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public DashboardSimulator Simulator { get; }

    public IPage Page { get; }

    public static async Task<DashboardBrowserSession> OpenAsync()
    {
        Assert.True(File.Exists(ChromiumPath), "Debian's chromium is missing (apt-get install chromium; test.sh installs it)");

        // Each expectation waits until the page shows it; the default 5 s was too short once in a fresh-clone CI run
        // (the fault's remaining time not yet drawn) on a 2-core machine running the whole suite. A wait ends early.
        SetDefaultExpectTimeout(30_000);
        var simulator = DashboardSimulator.Start();
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox"],
            });
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 412, Height = 915 }, IsMobile = true });
            return new DashboardBrowserSession(simulator, playwright, browser, await context.NewPageAsync());
        }
        catch
        {
            playwright?.Dispose();
            simulator.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        Simulator.Dispose();
    }
}
