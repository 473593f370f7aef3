using System.Text;

namespace Forensics.Net.Hashing.Files.Tests;

public class SimilarityIndexTests
{
    private static (List<SsdeepDigest> Digests, List<byte[]> Data) Family(int families, int seed)
    {
        var rng = new Random(seed);
        var digests = new List<SsdeepDigest>();
        var data = new List<byte[]>();
        for (int f = 0; f < families; f++)
        {
            // Text-like data so that pieces are many and small edits keep most of them.
            var sb = new StringBuilder();
            int lines = rng.Next(50, 3000);
            for (int i = 0; i < lines; i++)
            {
                sb.Append("row ").Append(rng.Next(1000)).Append(" value ").Append(rng.Next()).Append('\n');
            }

            byte[] bytes = Encoding.ASCII.GetBytes(sb.ToString());
            for (int v = 0; v < 4; v++)
            {
                byte[] variant = (byte[])bytes.Clone();
                for (int k = 0; k < v * 3; k++)
                {
                    variant[rng.Next(variant.Length)] ^= 0x11;
                }

                variant = variant[..(variant.Length - (v * variant.Length / 20))];
                data.Add(variant);
                digests.Add(SsdeepHasher.HashData(variant));
            }
        }

        // A few tiny inputs whose signatures are shorter than 7 characters.
        foreach (string tiny in new[] { "a", "ab", "abc", "a" })
        {
            data.Add(Encoding.ASCII.GetBytes(tiny));
            digests.Add(SsdeepHasher.HashData(Encoding.ASCII.GetBytes(tiny)));
        }

        return (digests, data);
    }

    [Fact]
    public void FindSimilar_Ssdeep_EqualsComparingWithEveryEntry()
    {
        var (digests, _) = Family(60, 1);
        var index = new SimilarityIndex();
        for (int i = 0; i < digests.Count; i++)
        {
            index.Add(digests[i], $"k{i}");
        }

        int nonEmpty = 0;
        foreach (var query in digests)
        {
            var expected = digests.Select((d, i) => (Name: $"k{i}", Score: d.GetSimilarity(query))).Where(x => x.Score >= 1).ToList();
            var actual = index.FindSimilar(query, 1).Select(m => (m.Name, m.Score)).ToList();
            actual.Should().Equal(expected);
            nonEmpty += expected.Count > 1 ? 1 : 0;
        }

        nonEmpty.Should().BeGreaterThan(100);
    }

    [Fact]
    public void FindSimilar_MinimumScore_FiltersAndAddAfterQueryIsSeen()
    {
        var (digests, _) = Family(5, 2);
        var index = new SimilarityIndex();
        index.Add(digests[0], "first");
        index.FindSimilar(digests[1], 1).Should().ContainSingle(m => m.Name == "first");
        index.Add(digests[1], "second");
        index.FindSimilar(digests[1], 100).Should().ContainSingle(m => m.Name == "second" && m.Score == 100);
        index.FindSimilar(digests[^1], 1).Should().BeEmpty("a 1-byte input is similar to neither");
        FluentActions.Invoking(() => index.FindSimilar(digests[0], 0)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void LoadSsdeepList_ReportsMalformedLinesAndGoesOn()
    {
        string list = "ssdeep,1.1--blocksize:hash:hash,filename\n"
            + "3:E:E,\"/tmp/one\"\n"
            + "garbage line\n"
            + "x:abc:def,\"bad\"\n"
            + new string('A', 20_000) + "\n"
            + "96:iHUumTETciZKyccvaWnBoCQz2jQJxcBWp2tCWUEnMvN:ynciZPvdnfQM8xcroTj,\"g5k\"\r\n";
        var index = new SimilarityIndex();
        var issues = new List<SimilarityListIssue>();
        index.LoadSsdeepList(new MemoryStream(Encoding.UTF8.GetBytes(list)), issues.Add).Should().Be(2);
        index.SsdeepCount.Should().Be(2);
        issues.Select(i => i.Line).Should().Equal(3, 4, 5);
        issues[0].Offset.Should().Be(list.IndexOf("garbage", StringComparison.Ordinal));
        index.FindSimilar(SsdeepDigest.Parse("3:E:E"), 1).Should().ContainSingle(m => m.Name == "/tmp/one" && m.Score == 100);
    }

    [Fact]
    public void Tlsh_FindSimilar_EqualsComparingWithEveryEntry_AndLoadsLists()
    {
        var (_, data) = Family(30, 3);
        var digests = data.Select(d => TlshHasher.TryHashData(d, out var t) ? t : null).Where(t => t is not null).Select(t => t!).ToList();
        var sb = new StringBuilder();
        for (int i = 0; i < digests.Count; i++)
        {
            sb.Append(i % 2 == 0 ? digests[i].ToString() + "\t" : digests[i].ToVersionedString() + "  ").Append('k').Append(i).Append('\n');
        }

        sb.Append("TNULL\tsmall\nnot-a-digest\n");
        var index = new SimilarityIndex();
        var issues = new List<SimilarityListIssue>();
        index.LoadTlshList(new MemoryStream(Encoding.UTF8.GetBytes(sb.ToString())), issues.Add).Should().Be(digests.Count);
        issues.Should().HaveCount(2);
        issues[0].Message.Should().Contain("TNULL");
        foreach (bool includeLength in new[] { true, false })
        {
            foreach (var q in digests)
            {
                var expected = digests.Select((d, i) => (Name: $"k{i}", Score: d.GetDistance(q, includeLength))).Where(x => x.Score <= 100).ToList();
                index.FindSimilar(q, 100, includeLength).Select(m => (m.Name, m.Score)).Should().Equal(expected);
            }
        }
    }

    [Fact]
    public void SsdeepListWriter_WritesTheToolLayout()
    {
        var text = new StringWriter();
        using (var writer = new SsdeepListWriter(text))
        {
            writer.Write(SsdeepDigest.Parse("3:E:E"), "/tmp/one");
            writer.Write(new HashEntry("b", 1, FileHasher.Hash("a"u8, [FileHashAlgorithm.Ssdeep])));
        }

        text.ToString().Should().Be("ssdeep,1.1--blocksize:hash:hash,filename\n3:E:E,\"/tmp/one\"\n3:E:E,\"b\"\n");
    }
}
