using System.Threading;

namespace Aki.Client.Http;

/// <summary>
/// The tokens a caller gave one call (a stream has two: the one given to <c>StreamAsync</c> and the one given to the
/// enumerator), so that a cancellation is reported with the token the caller actually cancelled.
/// </summary>
internal readonly struct CallerTokens
{
    private readonly CancellationToken _first;
    private readonly CancellationToken _second;

    public CallerTokens(CancellationToken first, CancellationToken second = default)
    {
        _first = first;
        _second = second;
    }

    /// <summary>The first of the caller's tokens that is cancelled, or null.</summary>
    public CancellationToken? Cancelled =>
        _first.IsCancellationRequested ? _first : _second.IsCancellationRequested ? _second : null;

    public bool IsCancellationRequested => _first.IsCancellationRequested || _second.IsCancellationRequested;
}
