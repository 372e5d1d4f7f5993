using System.Collections.Generic;
using System.Text;

namespace Aki.Client;

internal static class MessageText
{
    /// <summary>Joins the text of every <see cref="TextBlock"/>, without allocating for the common single-block case.</summary>
    public static string Concat(IReadOnlyList<ContentBlock> blocks)
    {
        string? single = null;
        StringBuilder? builder = null;
        foreach (ContentBlock block in blocks)
        {
            if (block is not TextBlock text)
            {
                continue;
            }

            if (single is null)
            {
                single = text.Text;
                continue;
            }

            builder ??= new StringBuilder(single);
            builder.Append(text.Text);
        }

        return builder?.ToString() ?? single ?? string.Empty;
    }
}
