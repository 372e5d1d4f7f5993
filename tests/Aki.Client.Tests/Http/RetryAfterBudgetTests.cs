using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using RichardSzalay.MockHttp;

namespace Aki.Client.Tests.Http;

/// <summary>A retry-after longer than what is left of TotalTimeout is not waited for: the rate-limit error surfaces at once.</summary>
public class RetryAfterBudgetTests
{
    private static HttpResponseMessage RateLimited(string retryAfter)
    {
        var response = new HttpResponseMessage((HttpStatusCode)429)
        {
            Content = new StringContent("""{"type":"error","error":{"type":"rate_limit_error","message":"slow down"}}""", Encoding.UTF8, "application/json"),
        };
        response.Headers.TryAddWithoutValidation("retry-after", retryAfter);
        return response;
    }

    [Fact]
    public async Task ARetryAfterBeyondTheRemainingTotalTimeoutSurfacesAtOnceWithRetryAfterSet()
    {
        var mock = new MockHttpMessageHandler();
        MockedRequest request = mock.When("*").Respond(_ => RateLimited("30"));
        var time = new FakeTimeProvider();
        using var client = new AkiClient(
            new AkiClientOptions { ApiKey = MockAki.ApiKey, TimeProvider = time, TotalTimeout = TimeSpan.FromSeconds(10), MaxRetryAfter = TimeSpan.FromMinutes(1) },
            mock.ToHttpClient());

        // The fake clock never moves: had the SDK waited the 30 s, this would never complete.
        AkiRateLimitException error = await Assert.ThrowsAsync<AkiRateLimitException>(() =>
            client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] }).WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Equal(1, mock.GetMatchCount(request));
    }

    [Fact]
    public async Task ARetryAfterWithinTheRemainingTotalTimeoutIsWaitedFor()
    {
        var mock = new MockHttpMessageHandler();
        int calls = 0;
        mock.When("*").Respond(_ => Interlocked.Increment(ref calls) == 1
            ? RateLimited("0")
            : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(TestResponses.Text("gemma4-26b", "Hi"), Encoding.UTF8, "application/json") });
        using var client = new AkiClient(
            new AkiClientOptions { ApiKey = MockAki.ApiKey, TotalTimeout = TimeSpan.FromSeconds(30) },
            mock.ToHttpClient());

        Message answer = await client.Messages.CreateAsync(new MessageRequest { Model = AkiModels.Gemma4_26B, Messages = [MessageParam.User("Hi")] });

        Assert.Equal(2, calls);
        Assert.Equal("Hi", answer.Text);
    }
}
