using Microsoft.Extensions.Time.Testing;

namespace Aki.Client.Tests;

/// <summary>A fake clock that counts the timers created on it and not yet disposed: a deadline left running shows here.</summary>
internal sealed class LiveTimerCounter : FakeTimeProvider
{
    private int _live;

    public int Live => Volatile.Read(ref _live);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _live);
        return new Counted(base.CreateTimer(callback, state, dueTime, period), this);
    }

    private sealed class Counted(ITimer inner, LiveTimerCounter owner) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref owner._live);
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return default;
        }
    }
}
