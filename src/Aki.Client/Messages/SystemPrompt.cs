using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// The <c>system</c> prompt: a string, or a list of text blocks. Converts implicitly from <see cref="string"/>.
/// </summary>
[JsonConverter(typeof(SystemPromptConverter))]
public sealed record SystemPrompt
{
    private SystemPrompt(string? text, IReadOnlyList<TextBlock>? blocks)
    {
        Text = text;
        Blocks = blocks;
    }

    /// <summary>The string form, or null when the prompt is a block list.</summary>
    public string? Text { get; }

    /// <summary>The block list, or null when the prompt is the string form.</summary>
    public IReadOnlyList<TextBlock>? Blocks { get; }

    /// <summary>A prompt given as a string.</summary>
    /// <param name="text">The prompt.</param>
    public static SystemPrompt FromText(string text) => new(text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>A prompt given as text blocks.</summary>
    /// <param name="blocks">The blocks.</param>
    public static SystemPrompt FromBlocks(IReadOnlyList<TextBlock> blocks) =>
        new(null, blocks ?? throw new ArgumentNullException(nameof(blocks)));

    /// <summary>Converts a string into a prompt.</summary>
    public static implicit operator SystemPrompt(string text) => FromText(text);

    /// <summary>Converts text blocks into a prompt.</summary>
    public static implicit operator SystemPrompt(TextBlock[] blocks) => FromBlocks(blocks);

    /// <summary>The prompt's text.</summary>
    public override string ToString() => Text ?? MessageText.Concat(Blocks!);
}
