using System.Text;
using Forensics.Net.EncodingEval;
using Forensics.Net.Testing;

namespace Forensics.Net.Examples.Tests.EncodingEval;

/// <summary>The evaluation scorer (eng/encoding-eval/EncodingEval) on a handful of files generated here.</summary>
public sealed class LenientScorerTests : IDisposable
{
    private const string Russian = "Съешь же ещё этих мягких французских булок, да выпей чаю. Широкая электрификация южных губерний даст мощный толчок подъёму сельского хозяйства. ";
    private const string German = "Über die Brücke gehen täglich große Mengen Fußgänger; die Straße ist schön. ";

    private static readonly Encoding Cp1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;
    private static readonly Encoding Koi8R = CodePagesEncodingProvider.Instance.GetEncoding(20866)!;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "fnet-enceval-test-" + Guid.NewGuid().ToString("N"));

    public LenientScorerTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("WINDOWS-1251", "windows-1251")]
    [InlineData("cp1251", "windows-1251")]
    [InlineData("MAC-CYRILLIC", "x-mac-cyrillic")]
    [InlineData("IBM855", "ibm855")]
    [InlineData("CP866", "ibm866")]
    [InlineData("ISO_8859-5", "iso-8859-5")]
    [InlineData("iso8859-2", "iso-8859-2")]
    [InlineData("SHIFT_JIS", "shift_jis")]
    [InlineData("Shift-JIS", "shift_jis")]
    [InlineData("WINDOWS-31J", "cp932")]
    [InlineData("UHC", "cp949")]
    [InlineData("ASCII", "us-ascii")]
    [InlineData("MAC-CENTRALEUROPE", "x-mac-ce")]
    public void Canonical_MapsEachDetectorsSpelling_ToOneName(string answer, string canonical) =>
        LenientScorer.Canonical(answer).Should().Be(canonical);

    [Fact]
    public void IsRight_SameEncodingInAnySpelling_IsRight_AndADifferentReading_IsWrong()
    {
        byte[] bytes = Cp1251.GetBytes(Russian);
        LenientScorer.IsRight("windows-1251", bytes, "WINDOWS-1251").Should().BeTrue();
        LenientScorer.IsRight("windows-1251", bytes, "cp1251").Should().BeTrue();
        LenientScorer.IsRight("windows-1251", bytes, "koi8-r").Should().BeFalse();
        LenientScorer.IsRight("windows-1251", bytes, "iso-8859-5").Should().BeFalse();
        LenientScorer.IsRight("windows-1251", bytes, null).Should().BeFalse();
        LenientScorer.IsRight("windows-1251", bytes, "unknown").Should().BeFalse();
        LenientScorer.IsRight("windows-1251", bytes, "no-such-encoding").Should().BeFalse();
    }

    [Fact]
    public void IsRight_DocumentedSuperset_IsRight_ButNotTheReverse()
    {
        byte[] latin1 = Encoding.Latin1.GetBytes(German);
        LenientScorer.IsRight("iso-8859-1", latin1, "windows-1252").Should().BeTrue();
        LenientScorer.IsRight("shift_jis", [0x93, 0xFA, 0x96, 0x7B], "windows-31j").Should().BeTrue();
        // cp949 has code points euc-kr lacks: a cp949 label answered euc-kr is only right if the text is the same.
        byte[] uhcOnly = [0x81, 0x41]; // a UHC extension syllable, undefined in EUC-KR
        LenientScorer.IsRight("cp949", uhcOnly, "euc-kr").Should().BeFalse();
    }

    [Fact]
    public void IsRight_AnotherEncodingWithIdenticalText_IsRight()
    {
        byte[] ascii = Encoding.ASCII.GetBytes("plain ASCII text, nothing else.\n");
        LenientScorer.IsRight("us-ascii", ascii, "windows-1251").Should().BeTrue();
        LenientScorer.IsRight("us-ascii", ascii, "utf-8").Should().BeTrue();
        // German without the letters where iso-8859-15 differs from iso-8859-1 decodes to the same text.
        LenientScorer.IsRight("iso-8859-1", Encoding.Latin1.GetBytes(German), "iso-8859-15").Should().BeTrue();
        LenientScorer.IsRight("iso-8859-1", Encoding.Latin1.GetBytes("Preis: 5 ¤"), "iso-8859-15").Should().BeFalse();
    }

    [Fact]
    public void IsRight_BareUtf16_CountsOnlyWithABom()
    {
        byte[] noBom = Encoding.Unicode.GetBytes("Hello, мир");
        byte[] withBom = [0xFF, 0xFE, .. noBom];
        LenientScorer.IsRight("utf-16le", noBom, "utf-16").Should().BeFalse();
        LenientScorer.IsRight("utf-16le", withBom, "utf-16").Should().BeTrue();
        LenientScorer.IsRight("utf-16le", withBom, "UTF-16LE").Should().BeTrue();
        LenientScorer.IsRight("utf-16le", noBom, "utf-16be").Should().BeFalse();
        LenientScorer.HasBom("utf-16le", withBom).Should().BeTrue();
        LenientScorer.HasBom("utf-8", [0xEF, 0xBB, 0xBF, 0x41]).Should().BeTrue();
        LenientScorer.HasBom("utf-8", "A"u8).Should().BeFalse();
    }

    [Fact]
    public void Evaluation_OverAGeneratedSet_ScoresOnlyTheSplitAndTabulatesEveryGroup()
    {
        var rows = new List<string> { "path,encoding,language,family,shape,length_bucket,split" };
        void Add(string name, byte[] bytes, string enc, string lang, string family, string shape, string bucket, string split)
        {
            File.WriteAllBytes(Path.Combine(_dir, name), bytes);
            rows.Add($"{name},{enc},{lang},{family},{shape},{bucket},{split}");
        }

        string longRussian = string.Concat(Enumerable.Repeat(Russian, 20));
        Add("ru1251.txt", Cp1251.GetBytes(longRussian), "windows-1251", "ru", "Cyrillic", "plain", "2000-20000", "held-out");
        Add("rukoi8.txt", Koi8R.GetBytes(longRussian), "koi8-r", "ru", "Cyrillic", "plain", "2000-20000", "held-out");
        Add("de.html", Encoding.UTF8.GetBytes("<p>" + German + "</p>"), "utf-8", "de", "UTF-8", "html", "20-200", "held-out");
        Add("en.txt", Encoding.ASCII.GetBytes("Just ASCII here, as in most logs.\n"), "us-ascii", "en", "ASCII", "plain", "20-200", "held-out");
        Add("tune.txt", Cp1251.GetBytes(longRussian), "windows-1251", "ru", "Cyrillic", "plain", "2000-20000", "tune");
        File.WriteAllLines(Path.Combine(_dir, "labels.csv"), rows);

        var e = Evaluation.Run(_dir, "held-out", uchardet: false, utfUnknown: true);

        e.Files.Should().HaveCount(4);
        e.Files.Select(f => f.File.Path).Should().NotContain("tune.txt");
        e.Files.Should().OnlyContain(f => f.UtfUnknown != null && f.Uchardet == null);
        // Each verdict agrees with the scorer applied to the detector's own answer.
        foreach (var f in e.Files)
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(_dir, f.File.Path));
            f.Ours.Right.Should().Be(LenientScorer.IsRight(f.File.Encoding, bytes, f.Ours.Answer), f.File.Path);
        }

        // Long, clear Russian and plain UTF-8/ASCII: any working detector gets these.
        e.Files.Single(f => f.File.Path == "ru1251.txt").Ours.Right.Should().BeTrue();
        e.Files.Single(f => f.File.Path == "en.txt").Ours.Right.Should().BeTrue();

        var writer = new StringWriter();
        Report.Write(writer, e);
        string text = writer.ToString();
        text.Should().Contain("| Cyrillic | 2 |").And.Contain("| ASCII | 1 |").And.Contain("| UTF-8 | 1 |");
        text.Should().Contain("| all | 4 |").And.Contain("### Calibration of our confidence");
    }

    [Fact]
    public void Count_And_CalibrationBucket_AddUpVerdicts()
    {
        var f = new EvalFile("a", "koi8-r", "ru", "Cyrillic", "plain", "20-200", "held-out");
        var scored = new[]
        {
            new ScoredFile(f, new Verdict("koi8-r", 0.97, true), new Verdict("KOI8-R", 0, true), null),
            new ScoredFile(f, new Verdict("windows-1251", 0.55, false), new Verdict("KOI8-R", 0, true), null),
            new ScoredFile(f, new Verdict("koi8-r", 0.91, true), new Verdict("WINDOWS-1251", 0, false), null),
        };
        var c = Report.Count(scored);
        c.Should().Be((2, (int?)2, (int?)null, 3));
        Report.CalibrationBucket(0.97).Should().Be(Report.CalibrationBucket(0.96));
        Report.CalibrationBucket(1.0).Should().Be(Report.CalibrationBounds.Length - 1);
        Report.CalibrationBucket(0.0).Should().Be(0);
        Report.CalibrationBucket(0.55).Should().NotBe(Report.CalibrationBucket(0.91));
    }

    [SkippableFact]
    public void RunUchardet_ParsesOneAnswerPerFile()
    {
        ExternalTool.Require("uchardet");
        string longRussian = string.Concat(Enumerable.Repeat(Russian, 20));
        File.WriteAllBytes(Path.Combine(_dir, "a.txt"), Cp1251.GetBytes(longRussian));
        File.WriteAllBytes(Path.Combine(_dir, "b.txt"), Encoding.UTF8.GetBytes(longRussian));
        File.WriteAllBytes(Path.Combine(_dir, "c d.txt"), Encoding.ASCII.GetBytes("ascii only\n"));

        var answers = Detectors.RunUchardet(_dir, ["a.txt", "b.txt", "c d.txt"], batch: 2);

        answers.Should().NotBeNull().And.HaveCount(3);
        LenientScorer.IsRight("windows-1251", File.ReadAllBytes(Path.Combine(_dir, "a.txt")), answers!["a.txt"]).Should().BeTrue();
        LenientScorer.Canonical(answers["b.txt"]).Should().Be("utf-8");
        LenientScorer.IsRight("us-ascii", File.ReadAllBytes(Path.Combine(_dir, "c d.txt")), answers["c d.txt"]).Should().BeTrue();
    }
}
