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

    // One source per scope: the caller's token linked in, the deadline as its own timer. A cancelled scope whose caller
    // token is not cancelled was cancelled by the deadline.
    private readonly CancellationTokenSource _source;
    private readonly CancellationToken _callerToken;
    private readonly ITimer? _timer;
    private TimeSpan _due;

    public TimeoutScope(TimeProvider time, TimeSpan timeout, TimeoutKind kind, CancellationToken callerToken)
    {
        Timeout = timeout;
        Kind = kind;
        _callerToken = callerToken;
        _due = Due(timeout);
        _source = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken) : new CancellationTokenSource();
        if (time == TimeProvider.System)
        {
            // The source's own timer: no extra allocation beyond it.
            _source.CancelAfter(_due);
        }
        else
        {
            _timer = time.CreateTimer(static state => ((CancellationTokenSource)state!).Cancel(), _source, _due, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    public TimeSpan Timeout { get; private set; }

    /// <summary>Which limit this is, for the message of the timeout it causes.</summary>
    public TimeoutKind Kind { get; private set; }


    public CancellationToken Token => _source.Token;

    /// <summary>True when the deadline, not the caller, cancelled.</summary>
    public bool HasPassed => _source.IsCancellationRequested && !_callerToken.IsCancellationRequested;

    /// <summary>Restarts the deadline (used between stream events).</summary>
    public void Reset()
    {
        if (_timer is null)
        {
            _source.CancelAfter(_due);
        }
        else
        {
            _timer.Change(_due, System.Threading.Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>
    /// Turns a deadline that has not passed into another limit of the same call, starting now: the attempt that
    /// received a stream's headers becomes its idle deadline, so a call runs one source and one timer, not two.
    /// </summary>
    public void Restart(TimeSpan timeout, TimeoutKind kind)
    {
        Timeout = timeout;
        Kind = kind;
        _due = Due(timeout);
        Reset();
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _source.Dispose();
    }

    private static TimeSpan Due(TimeSpan timeout) => timeout <= s_longestDeadline ? timeout : System.Threading.Timeout.InfiniteTimeSpan;
}
