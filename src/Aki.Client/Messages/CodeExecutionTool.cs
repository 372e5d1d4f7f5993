namespace Aki.Client;

/// <summary>The Anthropic code execution server tool (<c>code_execution_20250825</c>, named <c>code_execution</c>).</summary>
public sealed record CodeExecutionTool : ServerTool
{
    /// <summary>The version this SDK writes by default.</summary>
    public const string DefaultType = "code_execution_20250825";

    /// <summary>A code execution tool of <see cref="DefaultType"/>.</summary>
    public CodeExecutionTool()
        : base(DefaultType, "code_execution")
    {
    }
}
