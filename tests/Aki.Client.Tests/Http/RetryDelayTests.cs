using System;
using System.Globalization;
using System.Threading.Tasks;
using static Aki.Client.Tests.ReplyScript;

namespace Aki.Client.Tests.Http;

/// <summary>
/// How long the SDK waits before a retry, proved on a fake clock: the next attempt does not happen before the clock
/// has advanced by the wait, and does once it has.
/// </summary>
public class RetryDelayTests
{
    private const string RateLimited = """{"type":"error","error":{"type":"rate_limit_error","message":"Too many requests"}}""";
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("retry-after-ms", "1500", 1500)]
    [InlineData("retry-after", "7", 7000)]
    [InlineData("Retry-After", "2.5", 2500)]
    [InlineData("retry-after", "20", 20000)]
    [InlineData("retry-after", "60", 60000)]
    public async Task ServerRequestedWaitIsHonouredBeforeTheNextAttempt(string header, string value, double milliseconds)
    {
        await AssertNextAttemptWaitsAsync(TimeSpan.FromMilliseconds(milliseconds), _ => [(header, value)]);
    }

    [Fact]
    public async Task RetryAfterAsAnHttpDateIsHonouredRelativeToTheConfiguredClock()
    {
        await AssertNextAttemptWaitsAsync(
            TimeSpan.FromSeconds(30),
            time => [("Retry-After", time.GetUtcNow().AddSeconds(30).ToString("R", CultureInfo.InvariantCulture))]);
    }

    [Fact]
    public async Task RetryAfterMsWinsOverRetryAfter()
    {
        await AssertNextAttemptWaitsAsync(TimeSpan.FromMilliseconds(400), _ => [("retry-after", "30"), ("retry-after-ms", "400")]);
    }

    [Theory]
    [InlineData("retry-after", "120", 120)]
    [InlineData("retry-after-ms", "61000", 61)]
    [InlineData("retry-after", "3600", 3600)]
    public async Task WaitBeyondTheCapIsNotTakenAndTheErrorSurfacesAtOnceWithRetryAfter(string header, string value, double seconds)
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(429, RateLimited, (header, value)), Ok());
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 2; });

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Messages.CreateAsync(TestRequests.Hello()).WaitAsync(s_guard));

        Assert.Equal(TimeSpan.FromSeconds(seconds), e.RetryAfter);
        Assert.Equal(1, e.Attempts);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task HttpDateBeyondTheCapIsNotTakenEither()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(529, RateLimited, ("Retry-After", time.GetUtcNow().AddMinutes(5).ToString("R", CultureInfo.InvariantCulture))), Ok());
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 2; });

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Messages.CreateAsync(TestRequests.Hello()).WaitAsync(s_guard));

        Assert.Equal(TimeSpan.FromMinutes(5), e.RetryAfter);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task ShouldRetryTrueWithAWaitBeyondTheCapRetriesAfterTheBackoffInstead()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(503, RateLimited, ("x-should-retry", "true"), ("retry-after", "120")), Ok("after backoff"));
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 1; o.RetryBaseDelay = TimeSpan.FromSeconds(1); });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        TimeSpan backoff = await time.WaitForTimerAsync(d => d < TimeSpan.FromMinutes(1), "backoff timer");
        time.Advance(backoff);

        Assert.Equal("after backoff", (await call.WaitAsync(s_guard)).Text);
        Assert.InRange(backoff, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(8));
        Assert.DoesNotContain(TimeSpan.FromSeconds(120), time.DueTimes);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task MaxRetryAfterSetsTheCap()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(429, RateLimited, ("retry-after", "10")), Ok());
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 2; o.MaxRetryAfter = TimeSpan.FromSeconds(5); });

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => client.Messages.CreateAsync(TestRequests.Hello()).WaitAsync(s_guard));

        Assert.Equal(TimeSpan.FromSeconds(10), e.RetryAfter);
        Assert.Equal(1, script.Count);
    }

    [Fact]
    public async Task ExhaustedRetriesKeepTheLastRetryAfter()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(429, RateLimited, ("retry-after", "1")), Status(429, RateLimited, ("retry-after", "3")));
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 1; });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(1));

        AkiRateLimitException e = await Assert.ThrowsAsync<AkiRateLimitException>(() => call.WaitAsync(s_guard));
        Assert.Equal(TimeSpan.FromSeconds(3), e.RetryAfter);
        Assert.Equal(2, e.Attempts);
        Assert.Equal(2, script.Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("Sat, 01 Jan 1994 00:00:00 GMT")]
    public async Task RetryAfterOfZeroOrInThePastRetriesWithoutWaiting(string value)
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(503, RateLimited, ("retry-after", value)), Ok("at once"));
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 1; });

        Message message = await client.Messages.CreateAsync(TestRequests.Hello()).WaitAsync(s_guard);

        Assert.Equal("at once", message.Text);
        Assert.Equal(2, script.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    public async Task WithoutAReadableRetryAfterTheBackoffWaitsAPositiveJitteredDelayOfAtMostEightSeconds(string? value)
    {
        var time = new ObservedTimeProvider();
        (string, string)[] headers = value is null ? [] : [("retry-after", value)];
        using var script = new ReplyScript(Status(500, RateLimited, headers), Ok("after backoff"));
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 1; o.RetryBaseDelay = TimeSpan.FromSeconds(1); });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        TimeSpan backoff = await time.WaitForTimerAsync(d => d < TimeSpan.FromMinutes(1), "backoff timer");

        Assert.InRange(backoff, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(8));
        time.Advance(backoff - TimeSpan.FromTicks(1));
        Assert.Equal(1, script.Count);
        time.Advance(TimeSpan.FromTicks(1));
        Assert.Equal("after backoff", (await call.WaitAsync(s_guard)).Text);
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task BackoffStaysWithinEightSecondsEvenFromALargeBaseDelay()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(502, RateLimited), Status(502, RateLimited), Ok());
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 2; o.RetryBaseDelay = TimeSpan.FromSeconds(30); });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        TimeSpan first = await time.WaitForTimerAsync(d => d < TimeSpan.FromMinutes(1), "backoff timer");
        time.Advance(first);
        TimeSpan second = await time.WaitForTimerAsync(d => d < TimeSpan.FromMinutes(1), "backoff timer", count: 2);
        time.Advance(second);

        await call.WaitAsync(s_guard);
        Assert.InRange(first, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(8));
        Assert.InRange(second, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(8));
        Assert.Equal(3, script.Count);
    }

    [Fact]
    public async Task BaseDelayLongerThanADayStillBuildsAClientThatBacksOffAtMostEightSeconds()
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(502, RateLimited), Ok());
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 1; o.RetryBaseDelay = TimeSpan.FromDays(2); });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        TimeSpan backoff = await time.WaitForTimerAsync(d => d < TimeSpan.FromMinutes(1), "backoff timer");
        time.Advance(backoff);

        await call.WaitAsync(s_guard);
        Assert.InRange(backoff, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(8));
        Assert.Equal(2, script.Count);
    }

    [Fact]
    public async Task RetryWarningIsLoggedWithTheReasonAndTheWait()
    {
        var time = new ObservedTimeProvider();
        var logs = new RecordingLoggerFactory();
        using var script = new ReplyScript(Status(529, RateLimited, ("retry-after", "2")), Ok());
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 2; o.LoggerFactory = logs; });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(2));
        time.Advance(TimeSpan.FromSeconds(2));
        await call.WaitAsync(s_guard);

        LogEntry warning = Assert.Single(logs.Warnings);
        Assert.Contains("HTTP 529", warning.Message, StringComparison.Ordinal);
        Assert.Contains("retry 1 of 2", warning.Message, StringComparison.Ordinal);
        Assert.Contains("00:00:02", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(MockAki.ApiKey, warning.Message, StringComparison.Ordinal);
    }

    /// <summary>A 429 with the headers, then 200: the second request must wait exactly <paramref name="wait"/>.</summary>
    private static async Task AssertNextAttemptWaitsAsync(TimeSpan wait, Func<ObservedTimeProvider, (string, string)[]> headers)
    {
        var time = new ObservedTimeProvider();
        using var script = new ReplyScript(Status(429, RateLimited, headers(time)), Ok("after the wait"));
        using AkiClient client = script.CreateClient(o => { o.TimeProvider = time; o.MaxRetries = 1; o.RetryBaseDelay = TimeSpan.FromMilliseconds(100); });

        Task<Message> call = client.Messages.CreateAsync(TestRequests.Hello());
        await time.WaitForTimerAsync(wait);
        time.Advance(wait - TimeSpan.FromTicks(1));

        Assert.Equal(1, script.Count);
        Assert.False(call.IsCompleted);

        time.Advance(TimeSpan.FromTicks(1));

        Message message = await call.WaitAsync(s_guard);
        Assert.Equal("after the wait", message.Text);
        Assert.Equal(2, script.Count);
    }
}
