using Aki.Client.Samples.AspNetHost;
using Aki.Client.Testing;
using Aki.Client.Tests;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Aki.Client.EndToEnd.Tests;

/// <summary>
/// The sample's chat page in a real headless Chromium, against <c>aki-fixtures serve</c>: text arrives in several
/// increments, the final answer is the whole recorded one, Stop stops, history stays, errors reach the user.
/// </summary>
public class ChatPageBrowserTests
{
    private const string Variable = "AKI_CHROMIUM";
    private const string What = "the path of a Chromium browser, such as /usr/bin/chromium";
    private const string Prompt = "In one sentence: why does data residency in the EU matter?";

    [RequiresEnvironmentFact(Variable, What)]
    public async Task StreamsStopsKeepsHistoryAndShowsErrors()
    {
        string chromium = RequiredEnvironment.Get(Variable, What);
        string artifacts = Paths.Artifacts("browser");
        string expected = await ExpectedAnswerAsync();

        // Slow enough that a person (and the test) sees the answer grow and can stop it.
        FixtureServerProcess fixtures = await FixtureServerProcess.StartAsync(["serve", "--event-delay-ms", "80", "--chunk-size", "16"]);
        await using WebApplication sample = await ChatApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            "--contentRoot", Path.Combine(Paths.RepositoryRoot, "samples", "AspNetHost"),
            "--environment", "Production",
            "--Aki:ApiKey", "any-key",
            "--Aki:Endpoint", fixtures.BaseAddress.ToString(),
            "--Aki:MaxRetries", "0",
            "--Logging:LogLevel:Default", "Warning",
        ]);
        await sample.StartAsync();
        string address = sample.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using IPlaywright playwright = await Playwright.CreateAsync();
        await using IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 900, Height = 900 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        await page.GotoAsync(address);

        // 1. A streamed answer: every text the answer showed, in order, as the page changed it.
        await page.EvaluateAsync("""
            () => {
              window.seen = [];
              new MutationObserver(() => {
                const texts = document.querySelectorAll('#history .assistant .text');
                const last = texts.length ? texts[texts.length - 1].textContent : '';
                if (window.seen[window.seen.length - 1] !== last) window.seen.push(last);
              }).observe(document.getElementById('history'), { subtree: true, childList: true, characterData: true });
            }
            """);
        await page.FillAsync("#prompt", Prompt);
        await page.ClickAsync("#send");
        await page.WaitForSelectorAsync("#status[data-state='done']", new PageWaitForSelectorOptions { Timeout = 60_000 });

        string[] seen = await page.EvaluateAsync<string[]>("() => window.seen.filter(t => t.length > 0)");
        Assert.True(seen.Length >= 3, $"The answer arrived in {seen.Length} increment(s): {string.Join(" | ", seen)}");
        for (int i = 1; i < seen.Length; i++)
        {
            Assert.StartsWith(seen[i - 1], seen[i], StringComparison.Ordinal);
        }

        Assert.Equal(expected, seen[^1]);
        Assert.Equal(expected, await page.InnerTextAsync("#history .assistant >> nth=0 >> .text"));
        Assert.True(await page.IsEnabledAsync("#send"));
        Assert.False(await page.IsEnabledAsync("#stop"));

        // 2. Stop: after the first text arrives, the answer stops growing and says so.
        await page.FillAsync("#prompt", Prompt);
        await page.ClickAsync("#send");
        await page.WaitForFunctionAsync("() => document.querySelectorAll('#history .assistant')[1]?.querySelector('.text').textContent.length > 0", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        Assert.True(await page.IsEnabledAsync("#stop"));
        await page.ClickAsync("#stop");
        await page.WaitForSelectorAsync("#status[data-state='stopped']", new PageWaitForSelectorOptions { Timeout = 10_000 });
        string stoppedText = await page.InnerTextAsync("#history .assistant >> nth=1 >> .text");
        await page.WaitForTimeoutAsync(1_000); // past several of the server's 80 ms event pauses
        Assert.Equal(stoppedText, await page.InnerTextAsync("#history .assistant >> nth=1 >> .text"));
        Assert.True(stoppedText.Length < expected.Length, "The stopped answer is not shorter than the whole answer.");
        Assert.StartsWith(stoppedText, expected, StringComparison.Ordinal);
        Assert.Equal("Stopped.", await page.InnerTextAsync("#history .assistant >> nth=1 >> .note"));

        // History: both questions and both answers are still on the page.
        Assert.Equal(2, await page.Locator("#history .user").CountAsync());
        Assert.Equal(2, await page.Locator("#history .assistant").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "chat-streamed-and-stopped.png"), FullPage = true });

        // 3. An error reaches the user: the fixture server is gone, so the sample cannot answer.
        await fixtures.DisposeAsync();
        await page.FillAsync("#prompt", "Are you still there?");
        await page.ClickAsync("#send");
        await page.WaitForSelectorAsync("#status[data-state='error']", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.True(await page.IsVisibleAsync("#error"));
        Assert.False(string.IsNullOrWhiteSpace(await page.InnerTextAsync("#error")));
        Assert.True(await page.IsEnabledAsync("#send"));
        Assert.Equal(3, await page.Locator("#history .user").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "chat-error.png"), FullPage = true });

        await sample.StopAsync();
    }

    /// <summary>The whole recorded answer the sample's request gets, asked in process.</summary>
    private static async Task<string> ExpectedAnswerAsync()
    {
        await using AkiFixtureServer server = await AkiFixtureServer.StartAsync();
        using AkiClient client = server.CreateClient();
        Message answer = await client.Messages.StreamAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, MaxTokens = 1024, Messages = [MessageParam.User(Prompt)] }).GetFinalMessageAsync();
        return answer.Text;
    }
}
