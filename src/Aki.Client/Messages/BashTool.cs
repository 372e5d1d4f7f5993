namespace Aki.Client;

/// <summary>The Anthropic bash tool (<c>bash_20250124</c>, named <c>bash</c>): the model asks the caller to run shell commands.</summary>
public sealed record BashTool : ServerTool
{
    /// <summary>The version this SDK writes by default.</summary>
    public const string DefaultType = "bash_20250124";

    /// <summary>A bash tool of <see cref="DefaultType"/>.</summary>
    public BashTool()
        : base(DefaultType, "bash")
    {
    }
}
