using System.Globalization;
using Forensics.Net.Testing;
using Xunit.Abstractions;

namespace Forensics.Net.EncodingDetection.Tests.Corpus;

/// <summary>
/// Accuracy over testdata/encoding (416 labelled files + 11 binary) with the corpus README's
/// lenient rule, reported per family, and the calibration of the confidence.
/// </summary>
public class CorpusTests(ITestOutputHelper output)
{
    private static readonly Lazy<IReadOnlyList<(LabelledFile File, bool Right, EncodingDetectionResult Result)>> Outcomes = new(Run);

    [Fact]
    public void Corpus_LenientAccuracy_MeetsEveryFamilyTarget()
    {
        var outcomes = Outcomes.Value;
        foreach (var group in outcomes.GroupBy(o => o.File.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            int right = group.Count(o => o.Right);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{group.Key,-20} {right,3}/{group.Count(),3} {100.0 * right / group.Count():0.0}%"));
        }

        foreach (var wrong in outcomes.Where(o => !o.Right))
        {
            output.WriteLine($"wrong: {wrong.File.Path} [{wrong.File.Encoding}] -> {wrong.Result}");
        }

        double Accuracy(Func<LabelledFile, bool> filter)
        {
            var set = outcomes.Where(o => filter(o.File)).ToList();
            set.Should().NotBeEmpty();
            return (double)set.Count(o => o.Right) / set.Count;
        }

        outcomes.Should().HaveCount(427);
        Accuracy(_ => true).Should().BeGreaterThanOrEqualTo(0.99);
        Accuracy(f => f.Family == "BOM").Should().Be(1.0);
        Accuracy(f => f.Family == "BOM-less UTF-16/32").Should().BeGreaterThanOrEqualTo(0.99);
        Accuracy(f => f.Family == "UTF-8/ASCII").Should().Be(1.0);
        Accuracy(f => f.Family == "legacy long").Should().Be(1.0);
        Accuracy(f => f.Family == "legacy short").Should().BeGreaterThanOrEqualTo(0.97);
        Accuracy(f => f.Family == "binary").Should().Be(1.0);
    }

    [Fact]
    public void Corpus_NoTextIsCalledBinary()
    {
        Outcomes.Value.Where(o => o.File.Family != "binary" && o.Result.IsBinary).Select(o => o.File.Path).Should().BeEmpty();
    }

    [Fact]
    public void Corpus_ConfidenceAtLeast08_IsRightAtLeast95Percent()
    {
        var confident = Outcomes.Value.Where(o => o.Result.Confidence >= 0.8).ToList();
        double accuracy = (double)confident.Count(o => o.Right) / confident.Count;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"confidence >= 0.8: {confident.Count} files, {100 * accuracy:0.0}% right"));

        confident.Count.Should().BeGreaterThan(300, "most of the corpus should be answered confidently");
        accuracy.Should().BeGreaterThanOrEqualTo(0.95);
        Outcomes.Value.Should().OnlyContain(o => o.Result.Confidence >= 0 && o.Result.Confidence <= 1);
    }

    [Fact]
    public void Corpus_StreamDetection_AgreesWithSpanDetection()
    {
        string dir = TestCorpus.Require("encoding");
        foreach (var (file, _, fromSpan) in Outcomes.Value)
        {
            using var stream = File.OpenRead(Path.Combine(dir, file.Path));
            var fromStream = EncodingDetector.Detect(stream);
            fromStream.WebName.Should().Be(fromSpan.WebName, file.Path);
            fromStream.IsBinary.Should().Be(fromSpan.IsBinary, file.Path);
        }
    }

    private static List<(LabelledFile, bool, EncodingDetectionResult)> Run()
    {
        string dir = TestCorpus.Require("encoding");
        var list = new List<(LabelledFile, bool, EncodingDetectionResult)>();
        foreach (var file in CorpusScoring.Load(dir))
        {
            byte[] bytes = File.ReadAllBytes(Path.Combine(dir, file.Path));
            var result = EncodingDetector.Detect(bytes);
            list.Add((file, CorpusScoring.IsRight(file, bytes, result), result));
        }

        return list;
    }
}
