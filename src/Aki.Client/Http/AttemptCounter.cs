namespace Aki.Client.Http;

/// <summary>Counts the attempts of one call, so that whatever ends the call (an error, a timeout) can report them.</summary>
internal sealed class AttemptCounter
{
    public int Count { get; set; }

    /// <summary>At least 1: a call that failed before its first attempt still counts as one.</summary>
    public int Reported => Count > 0 ? Count : 1;
}
