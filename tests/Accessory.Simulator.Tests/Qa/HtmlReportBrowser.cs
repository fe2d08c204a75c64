using Microsoft.Playwright;

namespace Accessory.Simulator.Tests.Qa;

/// <summary>Opens a report file in Debian's headless chromium (Playwright) and keeps a screenshot as an artifact.</summary>
internal static class HtmlReportBrowser
{
    private const string ChromiumPath = "/usr/bin/chromium";

    public static string ArtifactFolder => Path.Combine(AppContext.BaseDirectory, "artifacts", "qa");

    /// <returns>The page's visible text and the number of timeline rows.</returns>
    public static async Task<(string Text, int Rows, int FailedRows)> OpenAsync(string htmlPath, string screenshotName)
    {
        Assert.True(File.Exists(ChromiumPath), "Debian's chromium is missing (apt-get install chromium; test.sh installs it)");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var requests = new List<string>();
        page.Request += (_, r) => requests.Add(r.Url);
        await page.GotoAsync(new Uri(htmlPath).AbsoluteUri);
        Directory.CreateDirectory(ArtifactFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ArtifactFolder, screenshotName), FullPage = true });
        // Self-contained: the page loads nothing but itself.
        Assert.Equal([new Uri(htmlPath).AbsoluteUri], requests);
        string text = await page.Locator("body").InnerTextAsync();
        int rows = await page.Locator("table.timeline tr.step").CountAsync();
        int failed = await page.Locator("table.timeline tr.step.fail").CountAsync();
        return (text, rows, failed);
    }
}
