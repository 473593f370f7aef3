using Forensics.Net.Testing;

namespace Forensics.Net.Pcap.Analysis.Tests;

/// <summary>
/// The test suite stands alone: its data comes from the repository's testdata/ folder, and a missing
/// reference tool turns into a skip that names the tool instead of a failure.
/// </summary>
public class RepositoryTestDataTests
{
    [Fact]
    public void TestCorpus_ResolvesInsideTheRepository()
    {
        string repository = Path.GetDirectoryName(TestCorpus.Root)!;
        File.Exists(Path.Combine(repository, "Forensics.Net.sln")).Should().BeTrue();
        TestCorpus.Require("pcap/http_downloads.pcap").Should().StartWith(TestCorpus.Root);
    }

    [Fact]
    public void TestCorpus_MissingFile_FailsWithThePath()
    {
        Action act = () => TestCorpus.Require("pcap/no-such-capture.pcap");
        act.Should().Throw<FileNotFoundException>().WithMessage("*testdata*no-such-capture.pcap*");
    }

    [Fact]
    public void ExternalTool_Missing_SkipsNamingTheToolAndItsPackage()
    {
        Action act = () => ExternalTool.Require("fnet-no-such-tool-7f3a");
        act.Should().Throw<SkipException>().WithMessage("needs fnet-no-such-tool-7f3a (apt-get install fnet-no-such-tool-7f3a)");

        Action known = () => ExternalTool.Require("fnet-no-such-tool-7f3a", "some-package");
        known.Should().Throw<SkipException>().WithMessage("*apt-get install some-package*");
    }

    [Fact]
    public void NoSourceFile_ReadsOutsideTheRepository()
    {
        string repository = Path.GetDirectoryName(TestCorpus.Root)!;
        string[] roots = ["src", "tests", "examples", "benchmarks", "eng", "samples", ".ci"];
        string[] forbidden = ["../" + "shared", "..\\" + "shared", "FORENSICS_" + "CORPUS", "/" + "work/"]; // split so that this file does not match itself
        var offenders = new List<string>();
        foreach (string root in roots.Select(r => Path.Combine(repository, r)).Where(Directory.Exists))
        {
            foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                string rel = Path.GetRelativePath(repository, file).Replace('\\', '/');
                if (rel.Contains("/bin/", StringComparison.Ordinal) || rel.Contains("/obj/", StringComparison.Ordinal) ||
                    rel.Contains("/TestData/", StringComparison.Ordinal) ||
                    !(rel.EndsWith(".cs", StringComparison.Ordinal) || rel.EndsWith(".csproj", StringComparison.Ordinal) ||
                      rel.EndsWith(".sh", StringComparison.Ordinal) || rel.EndsWith(".py", StringComparison.Ordinal) ||
                      rel.EndsWith(".props", StringComparison.Ordinal) || rel.EndsWith("/run", StringComparison.Ordinal)))
                {
                    continue;
                }

                string text = File.ReadAllText(file);
                offenders.AddRange(forbidden.Where(f => text.Contains(f, StringComparison.Ordinal)).Select(f => $"{rel}: {f}"));
            }
        }

        offenders.Should().BeEmpty("tests, scripts and code may read only what the repository carries");
    }
}
