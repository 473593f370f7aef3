using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Forensics.Net.EncodingDetection.Internal;

/// <summary>
/// The decision procedure shared by every entry point: BOM, UTF-32/UTF-16 code-unit patterns, binary,
/// ASCII/ISO-2022-JP, UTF-8, then legacy encodings ranked by structure and language-model likelihood.
/// </summary>
internal static class Analyzer
{
    /// <summary>Bytes of the sample the statistical stage decodes and scores.</summary>
    public const int SampleBudget = 8 * 1024;

    /// <summary>Bytes of the head used for BOM and UTF-16/32 checks.</summary>
    public const int HeadBudget = 16 * 1024;

    /// <summary>Softmax temperature (nats) turning score margins into probabilities; calibrated on the corpus.</summary>
    private const float Temperature = 2.5f;

    /// <summary>Log-odds bonus (nats) of a UTF-8 reading when the whole input is valid UTF-8.</summary>
    private const float Utf8ValidBonus = 4f;

    /// <summary>Cost (nats) of each byte of a UTF-8 sequence cut by the end of the sample, left out of the UTF-8 reading.</summary>
    private const float CutBytePenalty = 6f;

    /// <summary>How much (nats) the best language must beat the next one by to be reported.</summary>
    private const float LanguageMargin = 2f;

    private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
    private static readonly Encoding Utf16Le = new UnicodeEncoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Utf16Be = new UnicodeEncoding(bigEndian: true, byteOrderMark: false);
    private static readonly Encoding Utf32Le = new UTF32Encoding(bigEndian: false, byteOrderMark: false);
    private static readonly Encoding Utf32Be = new UTF32Encoding(bigEndian: true, byteOrderMark: false);
    private static readonly Encoding Ascii = Encoding.ASCII;

    public static EncodingDetectionResult Analyze(ReadOnlySpan<byte> head, ReadOnlySpan<byte> sample, InputFacts facts, EncodingDetectorOptions options)
    {
        if (facts.Length == 0)
        {
            return Result(Utf8NoBom, "utf-8", 0, 0, null, facts, []);
        }

        if (ByteOrderMark.TryDetect(head, out var bomEncoding, out int bomLength))
        {
            return WithBom(head, bomEncoding, bomLength, facts);
        }

        if (TryUtf32(head, facts) is { } utf32)
        {
            return utf32;
        }

        // UTF-16 without BOM: accepted outright when the head holds NULs or controls (which no legacy
        // text has); otherwise its readings compete with the legacy ones below.
        Utf16Reading? le = null, be = null;
        bool hasNulOrControl = head.IndexOfAnyInRange((byte)0, (byte)8) >= 0 || head.IndexOfAnyInRange((byte)14, (byte)26) >= 0 || head.IndexOfAnyInRange((byte)28, (byte)31) >= 0;
        if (hasNulOrControl)
        {
            le = Utf16Reading.Evaluate(head, bigEndian: false);
            be = Utf16Reading.Evaluate(head, bigEndian: true);
            if (le is not null || be is not null)
            {
                return FromUtf16(le, be, facts);
            }
        }

        if (IsBinary(facts))
        {
            double confidence = facts.ControlCount * 20 > facts.Length ? 0.99 : 0.9;
            return new EncodingDetectionResult(null, null, confidence, 0, null, isBinary: true, [], facts.Length);
        }

        if (facts.AllAscii)
        {
            if (LooksLikeIso2022Jp(sample.IsEmpty ? head : sample, out bool japanese) && japanese)
            {
                var iso2022 = CodePagesEncodingProvider.Instance.GetEncoding(50220)!;
                return Result(iso2022, "iso-2022-jp", 0.99, 0, "ja", facts, []);
            }

            return Result(Ascii, "us-ascii", 1.0, 0, GuessLanguage(Ascii.GetString(Trim(head, 4096))), facts, []);
        }

        if (facts.Utf8Valid)
        {
            int sequences = CountLeadBytes(sample);
            if (sequences < 3 && facts.Complete)
            {
                le = hasNulOrControl ? null : Utf16Reading.Evaluate(head, bigEndian: false);
                be = hasNulOrControl ? null : Utf16Reading.Evaluate(head, bigEndian: true);
                // Two or fewer multi-byte sequences can be a legacy text by chance ("Ă©" in windows-1250
                // is C3 A9): let the language models weigh UTF-8 against the legacy readings.
                return Legacy(sample, facts, options, le, be, utf8Valid: true);
            }

            double confidence = sequences switch
            {
                0 => facts.Complete ? 0.99 : 0.9,
                1 => 0.9,
                2 => 0.97,
                _ => 0.995,
            };
            return Result(Utf8NoBom, "utf-8", confidence, 0, GuessLanguage(Utf8NoBom.GetString(Trim(head, 4096))), facts, []);
        }

        if (!hasNulOrControl)
        {
            le = Utf16Reading.Evaluate(head, bigEndian: false);
            be = Utf16Reading.Evaluate(head, bigEndian: true);
        }

        return Legacy(sample, facts, options, le, be, utf8Valid: false);
    }

    private static bool IsBinary(InputFacts facts)
    {
        if (facts.ControlCount == 0)
        {
            return false;
        }

        // Text carries no C0 controls beyond TAB/LF/VT/FF/CR/ESC; allow a stray one in a large file.
        return facts.ControlCount * 400 > facts.Length || facts.NulCount * 2000 > facts.Length;
    }

    private static EncodingDetectionResult WithBom(ReadOnlySpan<byte> head, Encoding encoding, int bomLength, InputFacts facts)
    {
        ReadOnlySpan<byte> body = head[bomLength..];
        string webName = encoding.CodePage switch
        {
            1200 => "utf-16le",
            1201 => "utf-16be",
            12000 => "utf-32le",
            12001 => "utf-32be",
            65001 => "utf-8",
            _ => "gb18030",
        };
        double confidence = 1.0;
        if (encoding.CodePage == 65001 && !facts.Utf8Valid)
        {
            confidence = 0.9; // a UTF-8 BOM over invalid UTF-8: damaged or mixed
        }
        else if (encoding.CodePage is 1200 or 1201 && body.Length >= 8 && Utf16Reading.Evaluate(body, encoding.CodePage == 1201) is null)
        {
            confidence = 0.9;
        }

        string text = encoding.GetString(Trim(body, 8192, encoding.CodePage is 12000 or 12001 ? 4 : encoding.CodePage is 1200 or 1201 ? 2 : 1));
        return Result(encoding, webName, confidence, bomLength, GuessLanguage(text), facts, []);
    }

    private static EncodingDetectionResult? TryUtf32(ReadOnlySpan<byte> head, InputFacts facts)
    {
        if (head.Length < 4)
        {
            return null;
        }

        foreach (bool bigEndian in (ReadOnlySpan<bool>)[false, true])
        {
            int units = head.Length / 4;
            int text = 0;
            bool ok = true;
            var counts = new Dictionary<uint, int>();
            int max = 0;
            for (int i = 0; i < units; i++)
            {
                uint u = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(head[(i * 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(head[(i * 4)..]);
                if (u > 0x10FFFF || u is >= 0xD800 and <= 0xDFFF)
                {
                    ok = false;
                    break;
                }

                if (u != ' ')
                {
                    ref int n = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, u, out _);
                    max = Math.Max(max, ++n);
                }

                if (u >= 0x10000 ? u < 0x30000 : Utf16Reading.IsTextUnit((char)u))
                {
                    text++;
                }
            }

            // A fill pattern (one value over half of the units) is not text.
            if (ok && text * 100 >= units * 95 && (units < 16 || max * 2 <= units))
            {
                var enc = bigEndian ? Utf32Be : Utf32Le;
                string decoded = enc.GetString(Trim(head, 8192, 4));
                return Result(enc, bigEndian ? "utf-32be" : "utf-32le", units >= 4 ? 0.99 : 0.9, 0, GuessLanguage(decoded), facts, []);
            }
        }

        return null;
    }

    private static EncodingDetectionResult FromUtf16(Utf16Reading? le, Utf16Reading? be, InputFacts facts)
    {
        Utf16Reading best;
        Utf16Reading? other = null;
        if (le is not null && be is not null)
        {
            best = le.Score >= be.Score ? le : be;
            other = best == le ? be : le;
        }
        else
        {
            best = (le ?? be)!;
        }

        double confidence = other is null ? 0.99 : Softmax(best.Score, other.Score);
        var alternatives = new List<EncodingCandidate>();
        if (other is not null)
        {
            alternatives.Add(new EncodingCandidate(other.Encoding, other.WebName, 1 - confidence, other.Language));
        }

        return Result(best.Encoding, best.WebName, Math.Min(confidence, 0.99), 0, best.Language, facts, alternatives);
    }

    private static double Softmax(float best, float other) => 1 / (1 + Math.Exp((other - best) / Temperature));

    private static EncodingDetectionResult Legacy(ReadOnlySpan<byte> sample, InputFacts facts, EncodingDetectorOptions options, Utf16Reading? le, Utf16Reading? be, bool utf8Valid)
    {
        var candidates = new List<Candidate>();
        byte[] sampleBytes = sample.ToArray();
        foreach (var charset in Charset.All)
        {
            string? decoded = Decode(charset, sampleBytes, facts);
            if (decoded is null)
            {
                continue;
            }

            var (best, language) = BestOf(charset.Languages, decoded);

            candidates.Add(new Candidate(charset.Encoding, charset.WebName, best + charset.Prior, language?.Code, decoded));
        }

        foreach (var reading in (ReadOnlySpan<Utf16Reading?>)[le, be])
        {
            if (reading is not null)
            {
                candidates.Add(new Candidate(reading.Encoding, reading.WebName, reading.Score - 1f, reading.Language, reading.Text));
            }
        }

        int cut = utf8Valid ? InputFacts.IncompleteTail(sample) : 0;
        if ((utf8Valid ? Utf8NoBom.GetString(sample[..^cut]) : MostlyUtf8(sample)) is { } utf8Text)
        {
            // Complete valid multi-byte sequences earn a bonus: legacy text rarely forms them by chance.
            // A sequence cut by the end proves nothing, and its bytes still have to be paid for.
            var (score, lang) = BestLanguage(utf8Text);
            bool complete = utf8Valid && CountLeadBytes(sample[..^cut]) > 0;
            candidates.Add(new Candidate(Utf8NoBom, "utf-8", score + (complete ? Utf8ValidBonus : 0f) - (CutBytePenalty * cut), lang, utf8Text));
        }

        if (candidates.Count == 0)
        {
            // Nothing decodes: report the most permissive single-byte reading with no confidence.
            var fallback = Charset.All[0];
            return Result(fallback.Encoding, fallback.WebName, 0.05, 0, null, facts, []);
        }

        candidates.Sort((a, b) => b.Score.CompareTo(a.Score));
        var top = candidates[0];

        // Group readings that decode to the same text: they are the same answer.
        double total = 0;
        var groupScores = new List<(string Text, float Score)>();
        foreach (var c in candidates)
        {
            bool seen = false;
            foreach (var g in groupScores)
            {
                if (string.Equals(g.Text, c.Text, StringComparison.Ordinal))
                {
                    seen = true;
                    break;
                }
            }

            if (!seen)
            {
                groupScores.Add((c.Text, c.Score));
                total += Math.Exp((c.Score - top.Score) / Temperature);
            }
        }

        double confidence = 1 / total;
        if (top.WebName == "utf-8" && !utf8Valid)
        {
            confidence = Math.Min(confidence, 0.9); // UTF-8 with invalid bytes: damaged or mixed, never certain
        }

        confidence = Math.Min(confidence, EvidenceCap(top, candidates));

        var alternatives = new List<EncodingCandidate>();
        for (int i = 1; i < candidates.Count && alternatives.Count < options.MaxAlternatives; i++)
        {
            var c = candidates[i];
            bool same = string.Equals(c.Text, top.Text, StringComparison.Ordinal);
            double p = same ? confidence : Math.Exp((c.Score - top.Score) / Temperature) / total;
            if (p < 0.001)
            {
                continue;
            }

            alternatives.Add(new EncodingCandidate(c.Encoding, c.WebName, p, c.Language, same));
        }

        return Result(top.Encoding, top.WebName, confidence, 0, top.Language, facts, alternatives);
    }

    /// <summary>
    /// Caps the confidence when the best reading and the runner-up that reads differently disagree on only one or two
    /// characters, each standing outside any word (a lone "€." in cp1252 is "Ä." in Mac Roman): the language model's
    /// preference then rests on an isolated symbol, which is not enough to be sure. One differing character pair caps at
    /// 0.75, two at 0.9; a differing character next to a letter is judged by the model as usual.
    /// </summary>
    private static double EvidenceCap(Candidate top, List<Candidate> candidates)
    {
        foreach (var c in candidates)
        {
            if (ReferenceEquals(c, top) || string.Equals(c.Text, top.Text, StringComparison.Ordinal))
            {
                continue;
            }

            if (c.Text.Length != top.Text.Length)
            {
                return 1; // different structure (multi-byte against single-byte): not a one-character question
            }

            (char, char) first = default, second = default;
            int pairs = 0;
            for (int i = 0; i < top.Text.Length; i++)
            {
                if (top.Text[i] == c.Text[i])
                {
                    continue;
                }

                if ((i > 0 && char.IsLetter(top.Text[i - 1])) || (i + 1 < top.Text.Length && char.IsLetter(top.Text[i + 1])))
                {
                    return 1; // inside a word ("się" against "si±"): the language model's judgement is real evidence
                }

                var pair = (top.Text[i], c.Text[i]);
                if ((pairs >= 1 && pair == first) || (pairs == 2 && pair == second))
                {
                    continue;
                }

                if (++pairs > 2)
                {
                    return 1;
                }

                if (pairs == 1)
                {
                    first = pair;
                }
                else
                {
                    second = pair;
                }
            }

            return pairs switch
            {
                1 => 0.75,
                2 => 0.9,
                _ => 1,
            };
        }

        return 1;
    }

    /// <summary>
    /// The best language for <paramref name="decoded"/> among <paramref name="models"/>. With more than two,
    /// the first 512 characters pick the two most likely, which then score the whole text.
    /// </summary>
    private static (float Score, LanguageModel? Language) BestOf(LanguageModel[] models, string decoded)
    {
        LanguageModel? first = null, second = null;
        if (models.Length > 2 && decoded.Length > 1024)
        {
            float f = float.NegativeInfinity, g = float.NegativeInfinity;
            ReadOnlySpan<char> head = decoded.AsSpan(0, 512);
            foreach (var model in models)
            {
                float s = model.Score(head);
                if (s > f)
                {
                    (g, second) = (f, first);
                    (f, first) = (s, model);
                }
                else if (s > g)
                {
                    (g, second) = (s, model);
                }
            }
        }

        float best = float.NegativeInfinity;
        LanguageModel? language = null;
        foreach (var model in first is null ? models : second is null ? [first] : [first, second])
        {
            float s = model.Score(decoded);
            if (s > best)
            {
                best = s;
                language = model;
            }
        }

        return (best, language);
    }

    private static string? Decode(Charset charset, byte[] sample, InputFacts facts)
    {
        if (charset.Kind == CharsetKind.SingleByte)
        {
            long bad = 0;
            var badMap = charset.Bad!;
            for (int b = 0; b < 128; b++)
            {
                if (badMap[b + 0x80])
                {
                    bad += facts.HighHistogram[b];
                }
            }

            if (bad > 0 && bad * 100 >= facts.HighCount)
            {
                return null;
            }

            var map = charset.Map!;
            return string.Create(sample.Length, (map, sample), static (span, state) =>
            {
                for (int i = 0; i < span.Length; i++)
                {
                    span[i] = state.map[state.sample[i]];
                }
            });
        }

        var (chars, errors) = MultiByteValidator.Validate(sample, charset.Kind);
        if (chars == 0 || errors * 50 > chars || (errors > 0 && chars < 50))
        {
            return null;
        }

        return charset.Encoding.GetString(sample);
    }

    /// <summary>Decodes UTF-8 that is valid apart from a few bad bytes (mixed or damaged files), or returns null.</summary>
    private static string? MostlyUtf8(ReadOnlySpan<byte> sample)
    {
        int valid = 0, invalid = 0;
        var rest = sample;
        while (!rest.IsEmpty)
        {
            int ascii = rest.IndexOfAnyInRange((byte)0x80, (byte)0xFF);
            if (ascii < 0)
            {
                break;
            }

            rest = rest[ascii..];
            var status = Rune.DecodeFromUtf8(rest, out _, out int consumed);
            if (status == OperationStatus.Done)
            {
                valid++;
            }
            else if (status == OperationStatus.InvalidData)
            {
                invalid++;
            }

            rest = rest[Math.Max(1, consumed)..];
        }

        return valid >= 3 && valid >= invalid * 4 ? Utf8NoBom.GetString(sample) : null;
    }

    private static int CountLeadBytes(ReadOnlySpan<byte> data)
    {
        int n = 0;
        int i = 0;
        while (n < 4)
        {
            int p = data[i..].IndexOfAnyInRange((byte)0xC2, (byte)0xF4);
            if (p < 0)
            {
                break;
            }

            n++;
            i += p + 1;
        }

        return n;
    }

    private static bool LooksLikeIso2022Jp(ReadOnlySpan<byte> data, out bool japanese)
    {
        japanese = data.IndexOf("\u001B$B"u8) >= 0 || data.IndexOf("\u001B$@"u8) >= 0 || data.IndexOf("\u001B(J"u8) >= 0 || data.IndexOf("\u001B(I"u8) >= 0;
        return japanese;
    }

    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> data, int max, int unit = 1)
    {
        if (data.Length > max)
        {
            data = data[..max];
        }

        return data[..(data.Length - (data.Length % unit))];
    }

    /// <summary>The most likely language of decoded text, or null when it has too few letters.</summary>
    internal static string? GuessLanguage(string text)
    {
        int letters = 0;
        foreach (char c in text)
        {
            if (char.IsLetter(c) && ++letters >= 8)
            {
                break;
            }
        }

        if (letters < 8)
        {
            return null;
        }

        var (best, second, language) = RankLanguages(text);
        return best - second >= LanguageMargin ? language : null;
    }

    internal static (float Score, string? Language) BestLanguage(string text)
    {
        var (best, _, language) = RankLanguages(text);
        return (best, language);
    }

    private static (float Best, float Second, string? Language) RankLanguages(string text)
    {
        ReadOnlySpan<char> span = text.AsSpan(0, Math.Min(text.Length, 1024));

        // Only the languages written in the text's main script compete (all of them if none is).
        Span<int> letters = stackalloc int[16];
        foreach (char c in span)
        {
            if (char.IsLetter(c))
            {
                letters[(int)LanguageModel.ScriptOf(c)]++;
            }
        }

        var dominant = UnicodeScript.Other;
        for (int i = 1; i < letters.Length; i++)
        {
            if (letters[i] > letters[(int)dominant])
            {
                dominant = (UnicodeScript)i;
            }
        }

        bool ideographic = dominant is UnicodeScript.Han or UnicodeScript.Kana or UnicodeScript.Hangul;
        bool any = false;
        foreach (var model in LanguageModel.All)
        {
            any |= ideographic ? model.IsIdeographic : model.Script == dominant;
        }

        float best = float.NegativeInfinity, second = float.NegativeInfinity;
        string? language = null;
        foreach (var model in LanguageModel.All)
        {
            if (any && (ideographic ? !model.IsIdeographic : model.Script != dominant))
            {
                continue;
            }

            float s = model.Score(span);
            if (s > best)
            {
                second = best;
                best = s;
                language = model.Code;
            }
            else if (s > second)
            {
                second = s;
            }
        }

        return (best, second, language);
    }

    private static EncodingDetectionResult Result(Encoding encoding, string webName, double confidence, int bomLength, string? language, InputFacts facts, IReadOnlyList<EncodingCandidate> alternatives)
        => new(encoding, webName, Math.Clamp(confidence, 0, 1), bomLength, language, isBinary: false, alternatives, facts.Length);

    private sealed record Candidate(Encoding Encoding, string WebName, float Score, string? Language, string Text);
}
