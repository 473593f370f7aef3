using System.Globalization;
using Forensics.Net.Testing;
using Xunit.Abstractions;

namespace Forensics.Net.Hashing.Files.Tests;

/// <summary>Digests and scores compared with the real ssdeep 2.14.1 and tlsh 3.4.4 on thousands of real files.</summary>
public class SimilarityAgreementTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [SkippableFact]
    public void Ssdeep_Digests_EqualTheTool_OnRealFiles()
    {
        ExternalTool.Require("ssdeep");
        var files = SimilarityCorpus.Files;
        Skip.If(files.Count < 5_000, $"only {files.Count} readable files under /usr/share and /usr/lib");

        var expected = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in files.Chunk(500))
        {
            var (exit, stdout, _) = ExternalTool.Run("ssdeep", ["-s", .. batch], Timeout);
            exit.Should().Be(0);
            foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
            {
                int q = line.IndexOf(",\"", StringComparison.Ordinal);
                expected[line[(q + 2)..^1]] = line[..q];
            }
        }

        int compared = 0;
        var mismatches = new List<string>();
        foreach (string file in files)
        {
            if (!expected.TryGetValue(file, out string? theirs))
            {
                continue; // unreadable for the tool too
            }

            string ours = SsdeepHasher.HashFile(file).ToString();
            compared++;
            if (ours != theirs)
            {
                mismatches.Add($"{file}: ours {ours}, ssdeep {theirs}");
            }
        }

        output.WriteLine($"ssdeep digests: {compared} files compared, {mismatches.Count} differ");
        compared.Should().BeGreaterThanOrEqualTo(5_000);
        mismatches.Should().BeEmpty();
    }

    [SkippableFact]
    public void Ssdeep_Scores_EqualTheTool_OnAllPairs()
    {
        ExternalTool.Require("ssdeep");
        using var dir = new TempDir();
        var variants = SimilarityCorpus.WriteVariants(dir.Path, 60);
        var others = SimilarityCorpus.Files.Where((_, i) => i % 40 == 0).Take(100);
        var (exit, known, _) = ExternalTool.Run("ssdeep", ["-s", .. variants, .. others], Timeout);
        exit.Should().Be(0);
        string knownPath = Path.Combine(dir.Path, "known.ssdeep");
        File.WriteAllText(knownPath, known);

        var digests = new Dictionary<string, SsdeepDigest>(StringComparer.Ordinal);
        foreach (string line in known.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            int q = line.IndexOf(",\"", StringComparison.Ordinal);
            digests[line[(q + 2)..^1]] = SsdeepDigest.Parse(line[..q]);
        }

        // ssdeep -a -k: every signature of the list against every signature, score printed even when 0.
        var (exit2, stdout2, _) = ExternalTool.Run("ssdeep", ["-s", "-a", "-k", knownPath, knownPath], Timeout);
        exit2.Should().Be(0);
        string prefix = knownPath + ":";
        int pairs = 0, nonZero = 0;
        var mismatches = new List<string>();
        foreach (string line in stdout2.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // KNOWN:A matches KNOWN:B (SCORE)
            int m = line.IndexOf(" matches " + prefix, StringComparison.Ordinal);
            int open = line.LastIndexOf(" (", StringComparison.Ordinal);
            string a = line[prefix.Length..m];
            string b = line[(m + " matches ".Length + prefix.Length)..open];
            int score = int.Parse(line[(open + 2)..^1], CultureInfo.InvariantCulture);
            int ours = digests[a].GetSimilarity(digests[b]);
            pairs++;
            nonZero += score > 0 ? 1 : 0;
            if (ours != score)
            {
                mismatches.Add($"{a} vs {b}: ours {ours}, ssdeep {score}");
            }
        }

        output.WriteLine($"ssdeep scores: {pairs} pairs ({nonZero} above 0), {mismatches.Count} differ");
        pairs.Should().BeGreaterThanOrEqualTo(10_000);
        nonZero.Should().BeGreaterThan(500);
        mismatches.Should().BeEmpty();
    }

    [SkippableFact]
    public void Tlsh_Digests_EqualTheTool_OnRealFiles()
    {
        ExternalTool.Require("tlsh", "tlsh-tools");
        var files = SimilarityCorpus.Files;
        Skip.If(files.Count < 5_000, $"only {files.Count} readable files under /usr/share and /usr/lib");
        using var dir = new TempDir();
        for (int i = 0; i < files.Count; i++)
        {
            File.CreateSymbolicLink(Path.Combine(dir.Path, i.ToString(CultureInfo.InvariantCulture)), files[i]);
        }

        var (_, stdout, _) = ExternalTool.Run("tlsh", ["-r", dir.Path], Timeout);
        var expected = new Dictionary<int, string>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split('\t');
            expected[int.Parse(Path.GetFileName(parts[1]), CultureInfo.InvariantCulture)] = parts[0];
        }

        int withDigest = 0, without = 0;
        var mismatches = new List<string>();
        for (int i = 0; i < files.Count; i++)
        {
            bool ok = TlshHasher.TryHashFile(files[i], out var digest);
            expected.TryGetValue(i, out string? theirs);
            if (ok != (theirs is not null) || (ok && digest!.ToString() != theirs))
            {
                mismatches.Add($"{files[i]}: ours {digest?.ToString() ?? "none"}, tlsh {theirs ?? "none"}");
            }

            if (ok)
            {
                withDigest++;
            }
            else
            {
                without++;
            }
        }

        output.WriteLine($"tlsh digests: {withDigest + without} files ({withDigest} with a digest), {mismatches.Count} differ");
        (withDigest + without).Should().BeGreaterThanOrEqualTo(5_000);
        withDigest.Should().BeGreaterThan(3_000);
        mismatches.Should().BeEmpty();
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void Tlsh_Distances_EqualTheTool_OnAllPairs(bool includeLength)
    {
        ExternalTool.Require("tlsh", "tlsh-tools");
        using var dir = new TempDir();
        string variants = Path.Combine(dir.Path, "v");
        Directory.CreateDirectory(variants);
        var list = new List<string>();
        foreach (string file in SimilarityCorpus.WriteVariants(variants, 40).Concat(SimilarityCorpus.Files.Where((_, i) => i % 50 == 0).Take(80)))
        {
            if (TlshHasher.TryHashFile(file, out var d))
            {
                list.Add($"{d}\t{file}");
            }
        }

        string listPath = Path.Combine(dir.Path, "list.tlsh");
        File.WriteAllLines(listPath, list);
        var digests = list.Select(l => l.Split('\t')).GroupBy(p => p[1]).ToDictionary(g => g.Key, g => TlshDigest.Parse(g.First()[0]), StringComparer.Ordinal);
        var (exit, stdout, _) = ExternalTool.Run("tlsh", includeLength ? ["-xref", "-l", listPath] : ["-xref", "-l", listPath, "-xlen"], Timeout);
        exit.Should().Be(0);
        int pairs = 0, close = 0;
        var mismatches = new List<string>();
        foreach (string line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] p = line.Split('\t');
            int distance = int.Parse(p[2], CultureInfo.InvariantCulture);
            int ours = digests[p[0]].GetDistance(digests[p[1]], includeLength);
            pairs++;
            close += distance < 100 ? 1 : 0;
            if (ours != distance)
            {
                mismatches.Add($"{p[0]} vs {p[1]}: ours {ours}, tlsh {distance}");
            }
        }

        output.WriteLine($"tlsh distances (length {includeLength}): {pairs} pairs ({close} under 100), {mismatches.Count} differ");
        pairs.Should().BeGreaterThanOrEqualTo(10_000);
        close.Should().BeGreaterThan(50);
        mismatches.Should().BeEmpty();
    }
}
