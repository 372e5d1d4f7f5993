using System.Text;
using System.Text.Json;
using Aki.Client.Serialization;
using Aki.Client.Streaming;
using Aki.Client.Tests.Properties;
using CsCheck;

namespace Aki.Client.Tests.Streaming;

/// <summary>
/// The byte-for-byte delta scanner, held to the serializer as the oracle: whatever it returns must equal what the
/// serializer reads from the same data, it must never accept data the serializer refuses, and it must accept every
/// delta of the usual shape that the serializer accepts (else the fast path would quietly stop being taken).
/// </summary>
public class DeltaScannerTests
{
    private const int Iterations = 4000;

    [Theory]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}""")]
    [InlineData("""{"type":"content_block_delta","index":12,"delta":{"type":"text_delta","text":""}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" \"quoted\" tab\tand\nnl \\ \/ \b\f\r"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Gr\u00fc\u00DFe \ud83d\ude00 Köln 東京 🙂"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"padded"}             }""")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":2,\"delta\":{\"type\":\"text_delta\",\"text\":\"x\"}\r\n}\n")]
    [InlineData("""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"location\": \"P"}}""")]
    [InlineData("""{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":""}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"The user asks \u2014 \"why\"?"}          }""")]
    [InlineData("""{"type":"content_block_delta","index":999999999,"delta":{"type":"input_json_delta","partial_json":"[\n\"K\u00f6ln\",\n"}   }""")]
    // The index last, as AKI.IO's open-model servers write it.
    [InlineData("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"EU data residency"},"index":0}""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"thinking_delta","thinking":"Gr\u00fc\u00DFe"},"index":1}""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"input_json_delta","partial_json":"{\"city\": \"K"},"index":2}""" + "\n")]
    public void TheUsualShapesAreScannedAsTheSerializerReadsThem(string json)
    {
        byte[] data = Utf8(json);
        ContentBlockDeltaEvent? scanned = DeltaScanner.TryRead(data);

        Assert.NotNull(scanned);
        Assert.Equal(Oracle(data), Written(scanned));
    }

    [Fact]
    public void AStringLongerThanTheStackBufferIsUnescapedWhole()
    {
        string text = string.Concat(Enumerable.Repeat("\\\"Gr\\u00fc\\u00dfe\\\" \\ud83d\\ude00 ", 40));
        byte[] data = Utf8("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");

        var delta = (TextDelta)DeltaScanner.TryRead(data)!.Delta;

        Assert.Equal(string.Concat(Enumerable.Repeat("\"Grüße\" 😀 ", 40)), delta.Text);
    }

    [Theory]
    // Another member order, a member more, whitespace inside, another delta type.
    [InlineData("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"},"index":0 }""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"} ,"index":0}""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"},"index":01}""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"},"index":0,"x":1}""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"},"index":0}}""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"},"index":0""")]
    [InlineData("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a","citations":[]}}""")]
    [InlineData("""{"type": "content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text": "a"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"a","signature":"s"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","partial_json":"a"}}""")]
    // An index that is not a plain integer of at most nine digits.
    [InlineData("""{"type":"content_block_delta","index":01,"delta":{"type":"text_delta","text":"a"}}""")]
    [InlineData("""{"type":"content_block_delta","index":-1,"delta":{"type":"text_delta","text":"a"}}""")]
    [InlineData("""{"type":"content_block_delta","index":1.0,"delta":{"type":"text_delta","text":"a"}}""")]
    [InlineData("""{"type":"content_block_delta","index":1000000000,"delta":{"type":"text_delta","text":"a"}}""")]
    // Strings the serializer refuses, or escapes it resolves with more care than the scanner takes.
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\ud800"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\udc00\ud800"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\ud83dx"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\x"}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"\u12"}}""")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"raw\u0001control\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"raw\nnewline\"}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"unclosed\u0001}}")]
    [InlineData("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\\n unclosed\u0001}}")]
    // Something after the object, or not the whole object.
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}} x""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}}}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a"}""")]
    [InlineData("""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a""")]
    public void WhatTheScannerIsNotSureOfIsLeftToTheReader(string json)
    {
        Assert.Null(DeltaScanner.TryRead(Utf8(json)));
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xFF, 0x41 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    [InlineData(new byte[] { 0xC0, 0xAF })]
    [InlineData(new byte[] { 0xE6, 0x9D, (byte)'\\', (byte)'n' })]
    public void AStringThatIsNotValidUtf8IsLeftToTheReader(byte[] value)
    {
        foreach (string middle in new[] { "\"text_delta\",\"text\":\"", "\"thinking_delta\",\"thinking\":\"", "\"input_json_delta\",\"partial_json\":\"" })
        {
            byte[] data = [.. Utf8("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":" + middle + "ok "), .. value, .. Utf8("\"}}")];
            Assert.Null(DeltaScanner.TryRead(data));
            Assert.Null(Oracle(data));
        }
    }

    [Fact]
    public void TheParserStillRefusesWhatTheScannerLeavesAndTheReaderRefuses()
    {
        byte[] data = [.. Utf8("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a"), 0xFF, .. Utf8("\"}}")];

        Assert.Throws<JsonException>(() => StreamEventParser.Parse(StreamEventParser.Kind.ContentBlockDelta, Utf8("content_block_delta"), data));
    }

    [Fact]
    public async Task WhateverTheScannerReturnsEqualsWhatTheSerializerReadsAndItTakesEveryUsualDelta()
    {
        int scannedCount = 0;
        int checkedInputs = 0;
        await PropertyRun.CheckAsync(
            Choices.Gen(10, 80),
            values =>
            {
                (byte[] data, bool usualShape) = DeltaJson.Generate(new Choices(values));
                ContentBlockDeltaEvent? scanned = DeltaScanner.TryRead(data);
                string? expected = Oracle(data);
                checkedInputs++;
                if (scanned is not null)
                {
                    scannedCount++;
                    Assert.True(expected is not null, "The scanner accepted data the serializer refuses.");
                    Assert.Equal(expected, Written(scanned));
                }
                else if (usualShape && expected is not null)
                {
                    Assert.Fail("The scanner left a delta of the usual shape to the reader.");
                }

                return Task.CompletedTask;
            },
            Iterations,
            21,
            values => Encoding.UTF8.GetString(DeltaJson.Generate(new Choices(values)).Data));

        Assert.True(scannedCount * 4 >= checkedInputs, $"Only {scannedCount} of {checkedInputs} generated deltas were scanned.");
    }

    /// <summary>The serializer's reading, with the parser's rule for a missing delta; null where it refuses the data.</summary>
    private static string? Oracle(byte[] data)
    {
        try
        {
            ContentBlockDeltaEvent? read = JsonSerializer.Deserialize(data, AkiJsonContext.Default.ContentBlockDeltaEvent);
            return read is { Delta: not null } ? Written(read) : null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    private static string Written(ContentBlockDeltaEvent delta) => JsonSerializer.Serialize(delta, AkiJsonContext.Default.ContentBlockDeltaEvent);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// Delta data as bytes, usually in the shape servers write, now and then off it: members reordered or added,
    /// whitespace inside, other indexes and delta types, strings with every escape, lone surrogates, raw control
    /// characters and bytes that are not UTF-8, something after the object.
    /// </summary>
    private static class DeltaJson
    {
        private const string Prefix = "{\"type\":\"content_block_delta\",\"index\":";

        private static readonly string[] s_index = ["0", "1", "7", "12", "999999999"];
        private static readonly string[] s_oddIndex = ["01", "-1", "1.0", "1e2", "1000000000", "2147483648", " 1", "\"1\"", "null"];
        private static readonly string[] s_middle =
        [
            ",\"delta\":{\"type\":\"text_delta\",\"text\":\"", ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"",
            ",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"",
        ];
        private static readonly string[] s_oddMiddle =
        [
            ",\"delta\":{\"type\":\"thinking_delta\",\"text\":\"", ",\"delta\":{\"text\":\"", ",\"delta\": {\"type\":\"text_delta\",\"text\":\"",
            ",\"delta\":{\"type\":\"text_delta\",\"partial_json\":\"", ",\"delta\":{\"type\":\"input_json_delta\",\"text\":\"",
            ",\"delta\":{\"type\":\"text_delta\",\"\\u0074ext\":\"", ", \"delta\":{\"type\":\"text_delta\",\"text\":\"",
        ];

        private static readonly string[] s_suffix = ["\"}}", "\"}  }", "\"} }\n", "\"}}  ", "\"}\r\n}\t"];
        private static readonly string[] s_oddSuffix = ["}}", "\"}", "\"}}x", "\"},\"extra\":1}", "\", \"x\":1}}", "\"}}}", "\"", "\"} ,}", " \"}}"];

        private static readonly string[] s_piece =
        [
            "a", "Hello world", " ", "Grüße", "東京", "🙂", "42", "{\\\"id\\\": 1}", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\b",
            "\\f", "\\r", "\\u00e9", "\\u00E9", "\\u0000", "\\u001f", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\u20ac",
        ];

        private static readonly byte[][] s_oddPiece =
        [
            "\\ud800"u8.ToArray(), "\\udc00"u8.ToArray(), "\\ud83dx"u8.ToArray(), "\\ud83d\\u0041"u8.ToArray(), "\\x"u8.ToArray(),
            "\\u12"u8.ToArray(), "\\"u8.ToArray(), "\""u8.ToArray(), [0x01], [0x0A], [0x1F], [0xC3], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x80],
        ];

        public static (byte[] Data, bool UsualShape) Generate(Choices c)
        {
            bool usual = true;
            var data = new List<byte>();
            if (c.OneIn(12))
            {
                usual = false;
                Add(data, c.Pick("{\"type\": \"content_block_delta\",\"index\":", "{\"index\":0,\"type\":\"content_block_delta\",\"index\":", "{\"type\":\"content_block_delta\",\"\\u0069ndex\":", " " + Prefix));
            }
            else
            {
                Add(data, Prefix);
            }

            // Half the deltas in AKI.IO's order, the index last.
            bool indexLast = usual && c.OneIn(2);
            if (indexLast)
            {
                data.RemoveRange(data.Count - "\"index\":".Length, "\"index\":".Length);
                string middle = c.Pick(s_middle);
                usual &= Part(c, data, [middle[1..]], [middle, " " + middle[1..]], 15);
            }
            else
            {
                usual &= Part(c, data, s_index, s_oddIndex, 10);
                usual &= Part(c, data, s_middle, s_oddMiddle, 10);
            }

            int pieces = c.OneIn(10) ? 40 + c.Next(80) : c.Next(12);
            for (int i = 0; i < pieces; i++)
            {
                if (c.OneIn(30))
                {
                    // Off the usual shape only in that the serializer may refuse it; the oracle decides.
                    data.AddRange(c.Pick(s_oddPiece));
                }
                else
                {
                    Add(data, c.Pick(s_piece));
                }
            }

            if (c.OneIn(8))
            {
                // Right before the end, where a scanner that stopped at the wrong byte would still find its braces.
                data.AddRange(c.Pick(s_oddPiece));
            }

            if (indexLast)
            {
                usual &= Part(c, data, ["\"},\"index\":"], ["\"}, \"index\":", "\"},\"x\":1,\"index\":", "\"}}"], 12);
                usual &= Part(c, data, s_index, s_oddIndex, 10);
                usual &= Part(c, data, ["}", "} ", "}\r\n"], ["", "}}", ",}", "} x", ",\"x\":1}"], 12);
            }
            else
            {
                usual &= Part(c, data, s_suffix, s_oddSuffix, 12);
            }

            return ([.. data], usual);
        }

        private static bool Part(Choices c, List<byte> data, string[] usual, string[] odd, int oddOneIn)
        {
            bool isUsual = !c.OneIn(oddOneIn);
            Add(data, c.Pick(isUsual ? usual : odd));
            return isUsual;
        }

        private static void Add(List<byte> data, string text) => data.AddRange(Encoding.UTF8.GetBytes(text));
    }
}
