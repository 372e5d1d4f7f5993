namespace Aki.Client;

/// <summary>The Anthropic computer use tool (<c>computer_20250124</c>, named <c>computer</c>): screenshots and mouse and keyboard actions the caller performs.</summary>
public sealed record ComputerTool : ServerTool
{
    /// <summary>The version this SDK writes by default.</summary>
    public const string DefaultType = "computer_20250124";

    /// <summary>A computer use tool of <see cref="DefaultType"/> for a display of the given size.</summary>
    /// <param name="displayWidthPx">The display's width in pixels.</param>
    /// <param name="displayHeightPx">The display's height in pixels.</param>
    public ComputerTool(int displayWidthPx, int displayHeightPx)
        : base(DefaultType, "computer")
    {
        DisplayWidthPx = displayWidthPx;
        DisplayHeightPx = displayHeightPx;
    }

    /// <summary>The display's width in pixels.</summary>
    public int DisplayWidthPx { get; init; }

    /// <summary>The display's height in pixels.</summary>
    public int DisplayHeightPx { get; init; }

    /// <summary>The X11 display number, for multi-display set-ups; null for none.</summary>
    public int? DisplayNumber { get; init; }
}
