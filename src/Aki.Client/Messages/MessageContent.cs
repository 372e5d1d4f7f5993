using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using Aki.Client.Serialization;

namespace Aki.Client;

/// <summary>
/// The content of a message or tool result: either a plain string (the wire's shorthand for one text block)
/// or a list of content blocks. Converts implicitly from <see cref="string"/> and from a block array or list.
/// </summary>
[JsonConverter(typeof(MessageContentConverter))]
public sealed class MessageContent : IEquatable<MessageContent>
{
    private MessageContent(string? text, IReadOnlyList<ContentBlock>? blocks)
    {
        Text = text;
        Blocks = blocks;
    }

    /// <summary>The string form, or null when the content is a block list.</summary>
    public string? Text { get; }

    /// <summary>The block list, or null when the content is the string form.</summary>
    public IReadOnlyList<ContentBlock>? Blocks { get; }

    /// <summary>Content given as a string.</summary>
    /// <param name="text">The text.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static MessageContent FromText(string text) =>
        new(text ?? throw new ArgumentNullException(nameof(text)), null);

    /// <summary>Content given as blocks.</summary>
    /// <param name="blocks">The blocks, in order.</param>
    /// <exception cref="ArgumentNullException"><paramref name="blocks"/> is null.</exception>
    public static MessageContent FromBlocks(IReadOnlyList<ContentBlock> blocks) =>
        new(null, blocks ?? throw new ArgumentNullException(nameof(blocks)));

    /// <summary>Converts a string into content.</summary>
    public static implicit operator MessageContent(string text) => FromText(text);

    /// <summary>Converts a block array into content.</summary>
    public static implicit operator MessageContent(ContentBlock[] blocks) => FromBlocks(blocks);

    /// <summary>Converts a block list into content.</summary>
    public static implicit operator MessageContent(List<ContentBlock> blocks) => FromBlocks(blocks);

    /// <summary>The content as blocks: the string form becomes one <see cref="TextBlock"/>.</summary>
    public IReadOnlyList<ContentBlock> ToBlocks() => Blocks ?? [new TextBlock(Text!)];

    /// <inheritdoc/>
    public bool Equals(MessageContent? other)
    {
        if (other is null)
        {
            return false;
        }

        if (Text is not null || other.Text is not null)
        {
            return string.Equals(Text, other.Text, StringComparison.Ordinal);
        }

        IReadOnlyList<ContentBlock> a = Blocks!, b = other.Blocks!;
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!Equals(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as MessageContent);

    /// <inheritdoc/>
    public override int GetHashCode() =>
        Text is not null ? StringComparer.Ordinal.GetHashCode(Text) : Blocks!.Count;

    /// <summary>The string form, or the concatenated text of the text blocks.</summary>
    public override string ToString() => Text ?? MessageText.Concat(Blocks!);
}
