using System.Buffers.Binary;

namespace Forensics.Net.FileSignatures.Internal;

/// <summary>
/// One detection pass over a <see cref="DataView"/>: magic rules indexed by first byte, then structural checks for
/// ambiguous or container formats, then text classification. Shared by the span, sync and async entry points: when a
/// pass needs bytes it does not have, it returns <see langword="null"/> with the need recorded on the view.
/// </summary>
internal static class DetectorCore
{
    private const int MaxCandidates = 16;

    public static FileTypeResult? Run(ref DataView v, FileTypeDetectorOptions o, long bytesRead)
    {
        var db = SignatureDatabase.Instance;
        var notes = new DetectionNotes();
        if (v.Length == 0 || (v.Head.IsEmpty && v.Length < 0))
        {
            return new FileTypeResult(new FileTypeMatch(db.Get("empty"), "length=0", 0, 1.0), [], notes.Notes, notes.Issues, 0, 0);
        }

        Span<int> candidates = stackalloc int[MaxCandidates];
        Span<long> offsets = stackalloc long[MaxCandidates];
        int count = Collect(ref v, db, candidates, offsets);
        FileTypeMatch? best = null;
        var alternatives = new List<FileTypeMatch>();
        for (int i = 0; i < count; i++)
        {
            var rule = db.Rules[candidates[i]];
            var m = Refine(ref v, o, rule, offsets[i], notes);
            if (v.HasNeed)
            {
                return null;
            }

            if (m is null)
            {
                continue;
            }

            if (best is null)
            {
                best = m;
            }
            else if (!best.Type.IsA(m.Type) && !alternatives.Exists(a => a.Type == m.Type) && m.Type != best.Type)
            {
                alternatives.Add(m with { Confidence = Math.Min(m.Confidence, best.Confidence * 0.8) });
            }
        }

        if (best is null && StructureInspectors.IsTarHeader(v.Head))
        {
            best = new FileTypeMatch(db.Get("tar"), "tar:header-checksum", 148, 0.9);
        }

        if (best is null)
        {
            best = TextClassifier.Classify(v.Head, v.HeadIsAll, notes);
        }

        if (best is null && MpegAudio(v.Head))
        {
            best = new FileTypeMatch(db.Get("mp3"), "mpeg-audio:two-frames", 0, 0.7);
        }

        if (o.DetectAppendedData && best is not null && !best.Type.IsA(db.Get("zip")) && v.Length > 64)
        {
            long eocd = ZipInspector.FindEocd(ref v, request: false, 1024);
            if (eocd > 0)
            {
                alternatives.Insert(0, new FileTypeMatch(db.Get("zip"), "appended zip:end-of-central-directory", eocd, 0.8));
                notes.Add("a ZIP archive is appended (polyglot or self-extractor)");
            }
        }

        if (best is null)
        {
            string reason = v.Head.Length < 4 ? "too short to identify" : "binary data matching no signature";
            best = new FileTypeMatch(FileType.Unknown, reason, 0, 0);
        }

        return new FileTypeResult(best, alternatives, notes.Notes, notes.Issues, v.Length, bytesRead);
    }

    /// <summary>Collects matching rules, best first (priority, then strength).</summary>
    private static int Collect(ref DataView v, SignatureDatabase db, scoped Span<int> result, scoped Span<long> offsets)
    {
        int count = 0;
        var head = v.Head;
        if (!head.IsEmpty)
        {
            foreach (var r in db.ByFirstByte[head[0]])
            {
                if (count < result.Length && Matches(ref v, r, out long at))
                {
                    Insert(db, result, offsets, ref count, r.Index, at);
                }
            }
        }

        foreach (var r in db.General)
        {
            if (count < result.Length && Matches(ref v, r, out long at))
            {
                Insert(db, result, offsets, ref count, r.Index, at);
            }
        }

        return count;
    }

    private static void Insert(SignatureDatabase db, Span<int> result, Span<long> offsets, ref int count, int index, long at)
    {
        var r = db.Rules[index];
        int pos = count;
        while (pos > 0)
        {
            var p = db.Rules[result[pos - 1]];
            if (p.Priority > r.Priority || (p.Priority == r.Priority && p.Strength >= r.Strength))
            {
                break;
            }

            result[pos] = result[pos - 1];
            offsets[pos] = offsets[pos - 1];
            pos--;
        }

        result[pos] = index;
        offsets[pos] = at;
        count++;
    }

    private static bool Matches(ref DataView v, SignatureRule r, out long at)
    {
        at = 0;
        for (int i = 0; i < r.Patterns.Length; i++)
        {
            var p = r.Patterns[i];
            long start = p.FromEnd ? (v.Length < 0 ? -1 : v.Length + p.Offset) : p.Offset;
            if (start < 0)
            {
                return false;
            }

            if (p.Range == 0)
            {
                if (!v.TryPeek(start, p.Value.Length, out var s) || !p.MatchesAt(s))
                {
                    return false;
                }

                if (i == 0)
                {
                    at = start;
                }
            }
            else
            {
                int len = p.Range + p.Value.Length;
                if (v.Length >= 0)
                {
                    len = (int)Math.Min(len, v.Length - start);
                }

                len = Math.Min(len, v.Head.Length - (int)Math.Min(start, v.Head.Length));
                if (len < p.Value.Length || !v.TryPeek(start, len, out var s))
                {
                    return false;
                }

                int found = p.Mask is null ? s.IndexOf(p.Value) : MaskedSearch(s, p);
                if (found < 0)
                {
                    return false;
                }

                if (i == 0)
                {
                    at = start + found;
                }
            }
        }

        return true;
    }

    private static int MaskedSearch(ReadOnlySpan<byte> s, MagicPattern p)
    {
        for (int i = 0; i + p.Value.Length <= s.Length; i++)
        {
            if (p.MatchesAt(s[i..]))
            {
                return i;
            }
        }

        return -1;
    }

    private static FileTypeMatch? Refine(ref DataView v, FileTypeDetectorOptions o, SignatureRule rule, long at, DetectionNotes notes)
    {
        switch (rule.Type.Id)
        {
            case "zip":
                return ZipInspector.Inspect(ref v, o, notes, at);
            case "cfb":
                return StructureInspectors.InspectCfb(ref v, o, notes);
            case "dos-exe":
                return StructureInspectors.InspectMz(ref v, notes);
            case "elf":
                return StructureInspectors.InspectElf(ref v);
            case "macho-fat":
            case "java-class":
                return StructureInspectors.InspectCafeBabe(v.Head, rule.Type.Id);
            case "isobmff":
                return IsoBmffCompatibleBrand(v.Head) ?? new FileTypeMatch(rule.Type, rule.Text, at, rule.Confidence);
            default:
                return new FileTypeMatch(rule.Type, rule.Text, at, rule.Confidence);
        }
    }

    /// <summary>
    /// An ftyp box (ISO/IEC 14496-12 4.3) whose major brand is not in the table: the first compatible brand that is
    /// decides (for example major "dash" or a vendor brand with "isom" compatible).
    /// </summary>
    private static FileTypeMatch? IsoBmffCompatibleBrand(ReadOnlySpan<byte> head)
    {
        if (head.Length < 16)
        {
            return null;
        }

        int size = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(head), (uint)Math.Min(head.Length, 256));
        for (int i = 16; i + 4 <= size; i += 4)
        {
            var brand = head.Slice(i, 4);
            string? id = brand switch
            {
                _ when brand.SequenceEqual("qt  "u8) => "mov",
                _ when brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) => "heic",
                _ when brand.SequenceEqual("avif"u8) => "avif",
                _ when brand.SequenceEqual("mif1"u8) => "heif",
                _ when brand.SequenceEqual("M4A "u8) => "m4a",
                _ when brand.StartsWith("3gp"u8) => "3gp",
                _ when brand.StartsWith("3g2"u8) => "3g2",
                _ when brand.SequenceEqual("isom"u8) || brand.SequenceEqual("iso2"u8) || brand.SequenceEqual("mp41"u8) || brand.SequenceEqual("mp42"u8) || brand.SequenceEqual("avc1"u8) => "mp4",
                _ => null,
            };
            if (id is not null)
            {
                return new FileTypeMatch(SignatureDatabase.Instance.Get(id), "4:\"ftyp\" compatible brand " + System.Text.Encoding.ASCII.GetString(brand), i, 0.85);
            }
        }

        return null;
    }

    /// <summary>Two consecutive MPEG audio frame headers (ISO/IEC 11172-3 2.4.2.3) with a valid bitrate and sample rate.</summary>
    private static bool MpegAudio(ReadOnlySpan<byte> h)
    {
        int len = FrameLength(h);
        return len > 0 && h.Length >= len + 4 && FrameLength(h[len..]) > 0;
    }

    private static int FrameLength(ReadOnlySpan<byte> h)
    {
        if (h.Length < 4 || h[0] != 0xFF || (h[1] & 0xE0) != 0xE0)
        {
            return -1;
        }

        int version = (h[1] >> 3) & 3;
        int layer = (h[1] >> 1) & 3;
        int bitrateIndex = h[2] >> 4;
        int rateIndex = (h[2] >> 2) & 3;
        if (version == 1 || layer == 0 || bitrateIndex is 0 or 15 || rateIndex == 3)
        {
            return -1;
        }

        ReadOnlySpan<int> l3v1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
        ReadOnlySpan<int> l3v2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
        ReadOnlySpan<int> rates = [44100, 48000, 32000];
        if (layer != 1)
        {
            return 4; // layer I/II: accept the header without computing the length
        }

        int kbps = version == 3 ? l3v1[bitrateIndex] : l3v2[bitrateIndex];
        int rate = rates[rateIndex] >> (version == 3 ? 0 : version == 2 ? 1 : 2);
        int padding = (h[2] >> 1) & 1;
        return ((version == 3 ? 144 : 72) * kbps * 1000 / rate) + padding;
    }
}
