namespace TwoFactor.Reports.Tests;

/// <summary>A fact that runs only where a chromium is installed (.ci/chromium.sh); in CI (CI=true) it never skips.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (Chromium.Path is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "chromium not found on PATH: install it (bash .ci/chromium.sh, as root) to run the browser test";
    }
}

public static class Chromium
{
    public static string? Path { get; } = new[] { "chromium", "chromium-browser" }
        .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(dir => System.IO.Path.Combine(dir, name)))
        .FirstOrDefault(File.Exists);
}

/// <summary>
/// Opens a report's index.html in headless chromium, offline (a dead proxy for any network request; the page needs
/// none), and checks the screenshot: the window's size, not blank, and with the figures' colours (the images loaded).
/// </summary>
[Collection(ReportSweepsCollection.Name)]
public sealed class BrowserTests(ReportSweeps sweeps)
{
    [ChromiumFact]
    public void Headless_chromium_renders_the_page_with_its_figures()
    {
        Assert.True(Chromium.Path is not null, "CI=true but chromium is not installed: .ci/run must install it (.ci/chromium.sh)");
        string index = System.IO.Path.Combine(ReportSweeps.ReportFolder(sweeps.Static), "index.html");
        string screenshot = System.IO.Path.Combine(sweeps.Root, "screenshot.png");
        using var profile = new TempFolder();
        using (var chromium = CliProcess.StartProgram(sweeps.Root, null, Chromium.Path!,
                   "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                   "--disable-sync", "--no-first-run", "--proxy-server=127.0.0.1:9", $"--user-data-dir={profile.Path}",
                   $"--screenshot={screenshot}", "--window-size=1400,2400", new Uri(index).AbsoluteUri))
        {
            var result = chromium.Finish(TimeSpan.FromSeconds(90));
            Assert.True(File.Exists(screenshot), $"chromium wrote no screenshot (exit {result.ExitCode}): {result.Err}");
        }
        using var png = Images.Decode(screenshot);
        Assert.Equal((1400, 2400), (png.Width, png.Height));
        Assert.True(Images.LuminanceStd(png) > 10, "the screenshot looks blank");
        Assert.True(Images.Colourful(png) > 500, $"the screenshot has {Images.Colourful(png)} colourful pixels: the figures did not load");
    }
}
