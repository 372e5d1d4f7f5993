using System;
using System.Text;
#if NET
using System.Buffers;
using System.Text.Unicode;
#endif

namespace Aki.Client.Http;

/// <summary>Where bytes that should be UTF-8 are not, so that an error can say so instead of blaming the JSON shape.</summary>
internal static class Utf8Text
{
    /// <summary>The offset of the first byte that is not part of a valid UTF-8 sequence, or -1 when all are valid.</summary>
    public static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
#if NET
        Span<char> chars = stackalloc char[256];
        int offset = 0;
        while (offset < bytes.Length)
        {
            OperationStatus status = Utf8.ToUtf16(bytes.Slice(offset), chars, out int read, out _, replaceInvalidSequences: false, isFinalBlock: true);
            if (status is OperationStatus.InvalidData or OperationStatus.NeedMoreData)
            {
                return offset + read;
            }

            offset += read;
            if (status == OperationStatus.Done)
            {
                return -1;
            }
        }

        return -1;
#else
        try
        {
            s_strict.GetCharCount(bytes.ToArray());
            return -1;
        }
        catch (DecoderFallbackException e)
        {
            return Math.Max(0, e.Index);
        }
#endif
    }

#if !NET
    private static readonly UTF8Encoding s_strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
#endif
}
