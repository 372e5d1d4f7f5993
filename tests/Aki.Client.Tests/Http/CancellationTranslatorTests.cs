using Aki.Client.Http;
using Microsoft.Extensions.Time.Testing;

namespace Aki.Client.Tests.Http;

/// <summary>The one place a cancellation becomes what the caller sees: their own token, or a timeout naming the setting.</summary>
public class CancellationTranslatorTests
{
    [Fact]
    public void TheCallersCancellationCarriesTheCallersToken()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new TimeoutScope(new FakeTimeProvider(), TimeSpan.FromSeconds(5), TimeoutKind.Attempt, caller.Token);
        caller.Cancel();
        var seen = new OperationCanceledException(deadline.Token);

        Exception translated = CancellationTranslator.Translate(seen, new CallerTokens(caller.Token), deadline, "aki.io", attempts: 1);

        OperationCanceledException cancelled = Assert.IsType<OperationCanceledException>(translated);
        Assert.Equal(caller.Token, cancelled.CancellationToken);
        Assert.Same(seen, cancelled.InnerException);
    }

    [Fact]
    public void TheSecondCallerTokenIsReportedWhenItIsTheOneCancelled()
    {
        using var request = new CancellationTokenSource();
        using var enumerator = new CancellationTokenSource();
        enumerator.Cancel();

        Exception translated = CancellationTranslator.Translate(new OperationCanceledException(), new CallerTokens(request.Token, enumerator.Token), null, "aki.io", 1);

        Assert.Equal(enumerator.Token, Assert.IsType<OperationCanceledException>(translated).CancellationToken);
    }

    [Fact]
    public void TheCallersCancellationWinsOverAnExpiredDeadline()
    {
        var time = new FakeTimeProvider();
        using var caller = new CancellationTokenSource();
        using var deadline = new TimeoutScope(time, TimeSpan.FromSeconds(5), TimeoutKind.Total, caller.Token);
        time.Advance(TimeSpan.FromSeconds(5));
        caller.Cancel();

        Assert.IsType<OperationCanceledException>(CancellationTranslator.Translate(new OperationCanceledException(), new CallerTokens(caller.Token), deadline, "aki.io", 1));
    }

    [Theory]
    [InlineData(nameof(TimeoutKind.Attempt), "AkiClientOptions.Timeout (00:00:05) after 3 attempt(s)")]
    [InlineData(nameof(TimeoutKind.StreamResponse), "AkiClientOptions.StreamResponseTimeout (00:00:05) after 3 attempt(s)")]
    [InlineData(nameof(TimeoutKind.Total), "AkiClientOptions.TotalTimeout (00:00:05)")]
    [InlineData(nameof(TimeoutKind.StreamIdle), "AkiClientOptions.StreamIdleTimeout (00:00:05)")]
    [InlineData(nameof(TimeoutKind.ModelList), "Listing models (GET v1/models) did not complete within 00:00:05")]
    public void AnExpiredDeadlineIsATimeoutNamingItsSetting(string kindName, string expected)
    {
        TimeoutKind kind = Enum.Parse<TimeoutKind>(kindName);
        var time = new FakeTimeProvider();
        using var deadline = new TimeoutScope(time, TimeSpan.FromSeconds(5), kind, CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(5));
        var seen = new OperationCanceledException(deadline.Token);

        AkiTimeoutException timeout = Assert.IsType<AkiTimeoutException>(CancellationTranslator.Translate(seen, default, deadline, "aki.io", attempts: 3));

        Assert.Contains(expected, timeout.Message);
        Assert.Equal(TimeSpan.FromSeconds(5), timeout.Timeout);
        Assert.Equal(3, timeout.Attempts);
        Assert.Same(seen, timeout.InnerException);
    }

    [Fact]
    public void ACancellationNobodyOfOursCausedIsTheHttpClientsTimeoutWhereThatCanBeTheCause()
    {
        using var deadline = new TimeoutScope(new FakeTimeProvider(), TimeSpan.FromMinutes(10), TimeoutKind.Attempt, CancellationToken.None);

        AkiTimeoutException timeout = Assert.IsType<AkiTimeoutException>(
            CancellationTranslator.Translate(new TaskCanceledException(), default, deadline, "aki.io", attempts: 2, fromHttpClient: true));

        Assert.Contains("HttpClient's Timeout", timeout.Message);
        Assert.Contains("Timeout.InfiniteTimeSpan", timeout.Message);
        Assert.Equal(2, timeout.Attempts);
    }

    [Fact]
    public void ACancellationNobodyOfOursCausedElsewhereIsLeftAsItIs()
    {
        var seen = new OperationCanceledException();

        Assert.Same(seen, CancellationTranslator.Translate(seen, default, null, "aki.io", 1));
    }
}
