using System.Diagnostics;
using LaoCaiFanpage.Tests.Shared;
using OpenQA.Selenium.Chrome;

namespace LaoCaiFanpage.FunctionalTests.Infrastructure;

/// <summary>Debian's headless Chromium driven through chromedriver (no browser download, no network).</summary>
public sealed class Browser : IDisposable
{
    private readonly string _profile = Path.Combine(Path.GetTempPath(), "lcf-chromium-" + Guid.NewGuid().ToString("N"));

    public Browser(int width = 1920, int height = 1080)
    {
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
            "--hide-scrollbars", $"--window-size={width},{height}", $"--user-data-dir={_profile}");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));

        // The window size includes the browser's own frame; a kiosk wall shows the page on the whole screen, so the
        // page gets exactly the screen's pixels.
        Driver.ExecuteCdpCommand("Emulation.setDeviceMetricsOverride", new Dictionary<string, object?>
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = false,
        });
    }

    public ChromeDriver Driver { get; }

    /// <summary>From now on every page records what its Content-Security-Policy blocked, in <c>window.__policyViolations</c>.</summary>
    public void RecordPolicyViolations() =>
        Driver.ExecuteCdpCommand("Page.addScriptToEvaluateOnNewDocument", new Dictionary<string, object?>
        {
            ["source"] = "window.__policyViolations = []; document.addEventListener('securitypolicyviolation', e => window.__policyViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sourceFile || '') + ':' + e.lineNumber));",
        });

    /// <summary>What the current page's policy blocked so far.</summary>
    public IReadOnlyList<string> PolicyViolations() =>
        ((IEnumerable<object>?)Script("return window.__policyViolations || [];") ?? []).Select(v => v.ToString()!).ToList();

    public object? Script(string script, params object[] args) => Driver.ExecuteScript(script, args);

    /// <summary>Opens a page, which sends a signed-out browser to the sign-in form, and signs in there as a person would.</summary>
    public async Task SignIn(Uri start, string username, string password = Accounts.Password)
    {
        Driver.Navigate().GoToUrl(start);
        await WaitUntil("document.getElementById('login-form') !== null", TimeSpan.FromSeconds(10));
        Script("document.getElementById('username').value = arguments[0]; document.getElementById('password').value = arguments[1]; document.getElementById('sign-in').click();",
            username, password);
    }

    /// <summary>Polls a JavaScript condition; returns how long it took to become true.</summary>
    public async Task<TimeSpan> WaitUntil(string condition, TimeSpan timeout, params object[] args)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            if (Script("return !!(" + condition + ");", args) is true)
            {
                return Stopwatch.GetElapsedTime(started);
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"Not true within {timeout}: {condition}");
    }

    /// <summary>Saves a screenshot under artifacts/screenshots at the repository root.</summary>
    public string SaveScreenshot(string name)
    {
        var directory = Path.Combine(SiloProcess.ArtifactsDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, name + ".png"));
        Driver.GetScreenshot().SaveAsFile(path);
        return path;
    }

    public void Dispose()
    {
        Driver.Quit();
        Driver.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
