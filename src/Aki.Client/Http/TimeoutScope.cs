using System;
using System.Threading;
#if !NET
using System.Threading.Tasks;
#endif

namespace Aki.Client.Http;

/// <summary>
/// A caller's token joined with an SDK-owned deadline on the configured <see cref="TimeProvider"/>, so that an
/// expired deadline can be told apart from the caller's own cancellation (<see cref="CancellationTranslator"/> does).
/// </summary>
internal sealed class TimeoutScope : IDisposable
{
    // Timers reach at most 0xFFFFFFFE ms (about 49.7 days); a longer timeout, such as TimeSpan.MaxValue, means none.
    private static readonly TimeSpan s_longestDeadline = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;
    private readonly TimeSpan _due;

    public TimeoutScope(TimeProvider time, TimeSpan timeout, TimeoutKind kind, CancellationToken callerToken)
    {
        Timeout = timeout;
        Kind = kind;
        _due = timeout <= s_longestDeadline ? timeout : System.Threading.Timeout.InfiniteTimeSpan;
#if NET
        _deadline = new CancellationTokenSource(_due, time);
#else
        _deadline = time.CreateCancellationTokenSource(_due);
#endif
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _deadline.Token);
    }

    public TimeSpan Timeout { get; }

    /// <summary>Which limit this is, for the message of the timeout it causes.</summary>
    public TimeoutKind Kind { get; }

    public CancellationToken Token => _linked.Token;

    /// <summary>True when the deadline, not the caller, cancelled.</summary>
    public bool Expired(CancellationToken callerToken) => _deadline.IsCancellationRequested && !callerToken.IsCancellationRequested;

    /// <summary>True when the deadline has passed (whoever else cancelled).</summary>
    public bool HasPassed => _deadline.IsCancellationRequested;

    /// <summary>Restarts the deadline (used between stream events).</summary>
    public void Reset() => _deadline.CancelAfter(_due);

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
