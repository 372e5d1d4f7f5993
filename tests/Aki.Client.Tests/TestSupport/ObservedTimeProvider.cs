using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Aki.Client.Tests;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that tells a test when timers are created, so that the test advances the clock
/// only once the SDK is really waiting (a retry delay, a deadline) instead of racing it.
/// </summary>
internal sealed class ObservedTimeProvider : FakeTimeProvider
{
    private static readonly TimeSpan s_guard = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly List<TimeSpan> _dueTimes = [];
    private TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The due times of every timer created so far, in order.</summary>
    public IReadOnlyList<TimeSpan> DueTimes
    {
        get
        {
            lock (_gate)
            {
                return _dueTimes.ToList();
            }
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ITimer timer = base.CreateTimer(callback, state, dueTime, period);
        TaskCompletionSource created;
        lock (_gate)
        {
            _dueTimes.Add(dueTime);
            created = _created;
            _created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        created.TrySetResult();
        return timer;
    }

    /// <summary>Completes once <paramref name="count"/> timers of exactly <paramref name="dueTime"/> have been created.</summary>
    public Task WaitForTimerAsync(TimeSpan dueTime, int count = 1) =>
        WaitForTimerAsync(d => d == dueTime, $"timer(s) of {dueTime}", count);

    /// <summary>
    /// Completes with the due time of the <paramref name="count"/>-th timer that matches, created before or after the
    /// call; fails after ten real seconds.
    /// </summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match, string what, int count = 1)
    {
        using var guard = new CancellationTokenSource(s_guard);
        while (true)
        {
            Task created;
            lock (_gate)
            {
                List<TimeSpan> matching = _dueTimes.Where(match).ToList();
                if (matching.Count >= count)
                {
                    return matching[count - 1];
                }

                created = _created.Task;
            }

            try
            {
                await created.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} {what}; timers created: {string.Join(", ", DueTimes)}.");
            }
        }
    }
}
