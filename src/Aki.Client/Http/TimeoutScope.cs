using System;
using System.Threading;
#if !NET
using System.Threading.Tasks;
#endif

namespace Aki.Client.Http;

/// <summary>
/// A caller's token joined with an SDK-owned deadline on the configured <see cref="TimeProvider"/>, so that an
/// expired deadline can be told apart from the caller's own cancellation.
/// </summary>
internal sealed class TimeoutScope : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _linked;

    public TimeoutScope(TimeProvider time, TimeSpan timeout, CancellationToken callerToken)
    {
        Timeout = timeout;
#if NET
        _deadline = new CancellationTokenSource(timeout, time);
#else
        _deadline = time.CreateCancellationTokenSource(timeout);
#endif
        _linked = CancellationTokenSource.CreateLinkedTokenSource(callerToken, _deadline.Token);
    }

    public TimeSpan Timeout { get; }

    public CancellationToken Token => _linked.Token;

    /// <summary>True when the deadline, not the caller, cancelled.</summary>
    public bool Expired(CancellationToken callerToken) => _deadline.IsCancellationRequested && !callerToken.IsCancellationRequested;

    /// <summary>Restarts the deadline (used between stream events).</summary>
    public void Reset() => _deadline.CancelAfter(Timeout);

    public void Dispose()
    {
        _linked.Dispose();
        _deadline.Dispose();
    }
}
