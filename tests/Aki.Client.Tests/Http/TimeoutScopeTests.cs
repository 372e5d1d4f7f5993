using Aki.Client.Http;
using Microsoft.Extensions.Time.Testing;

namespace Aki.Client.Tests.Http;

/// <summary>A deadline joined with the caller's token, on the configured clock.</summary>
public class TimeoutScopeTests
{
    [Fact]
    public void TheDeadlineCancelsOnTheConfiguredClockAndSaysItWasTheDeadline()
    {
        var time = new FakeTimeProvider();
        using var scope = new TimeoutScope(time, TimeSpan.FromSeconds(10), TimeoutKind.Attempt, CancellationToken.None);

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(scope.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(scope.Token.IsCancellationRequested);
        Assert.True(scope.HasPassed);
    }

    [Fact]
    public void TheCallersCancelIsNotTheDeadline()
    {
        using var caller = new CancellationTokenSource();
        using var scope = new TimeoutScope(new FakeTimeProvider(), TimeSpan.FromSeconds(10), TimeoutKind.Attempt, caller.Token);

        caller.Cancel();

        Assert.True(scope.Token.IsCancellationRequested);
        Assert.False(scope.HasPassed);
    }

    [Fact]
    public void ResetGivesTheWholeTimeoutAgain()
    {
        var time = new FakeTimeProvider();
        using var scope = new TimeoutScope(time, TimeSpan.FromSeconds(10), TimeoutKind.StreamIdle, CancellationToken.None);

        for (int i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(8));
            scope.Reset();
        }

        Assert.False(scope.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(scope.HasPassed);
    }

    [Fact]
    public void ATimeoutTooLongForATimerMeansNoDeadline()
    {
        var time = new FakeTimeProvider();
        using var scope = new TimeoutScope(time, TimeSpan.MaxValue, TimeoutKind.Total, CancellationToken.None);

        time.Advance(TimeSpan.FromDays(400));

        Assert.False(scope.Token.IsCancellationRequested);
        Assert.Equal(TimeSpan.MaxValue, scope.Timeout);
    }

    [Fact]
    public void OnTheSystemClockTheDeadlineStillFires()
    {
        using var scope = new TimeoutScope(TimeProvider.System, TimeSpan.FromMilliseconds(1), TimeoutKind.Attempt, CancellationToken.None);

        Assert.True(scope.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(30)));
        Assert.True(scope.HasPassed);
    }
}
