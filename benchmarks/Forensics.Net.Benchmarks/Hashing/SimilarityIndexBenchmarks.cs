using BenchmarkDotNet.Attributes;
using Forensics.Net.Hashing.Files;

namespace Forensics.Net.Benchmarks.Hashing;

/// <summary>
/// One ssdeep query against 1,000,000 indexed digests (synthetic: block sizes 3·2^k for k in 0–15, full-length
/// random signatures, and 100 near copies of the query's source), against comparing the query with every digest.
/// </summary>
public class SimilarityIndexBenchmarks
{
    private const int Count = 1_000_000;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private SimilarityIndex _index = new();
    private SsdeepDigest[] _all = [];
    private SsdeepDigest _query = SsdeepDigest.Parse("3::");

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(22);
        string Sig(int length) => string.Create(length, rng, (span, r) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = Alphabet[r.Next(64)];
            }
        });

        _all = new SsdeepDigest[Count];
        var source = new SsdeepDigest(3u << 8, Sig(64), Sig(32));
        for (int i = 0; i < Count; i++)
        {
            if (i % 10_000 == 0)
            {
                // A near copy of the source: a few characters changed.
                char[] h1 = source.Hash1.ToCharArray();
                for (int k = 0; k < 4; k++)
                {
                    h1[rng.Next(64)] = Alphabet[rng.Next(64)];
                }

                _all[i] = new SsdeepDigest(source.BlockSize, new string(h1), source.Hash2);
            }
            else
            {
                _all[i] = new SsdeepDigest(3u << rng.Next(16), Sig(rng.Next(33, 65)), Sig(rng.Next(16, 33)));
            }
        }

        _index = new SimilarityIndex();
        for (int i = 0; i < Count; i++)
        {
            _index.Add(_all[i], i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        _index.Freeze();
        char[] q = source.Hash1.ToCharArray();
        q[10] = 'Z';
        _query = new SsdeepDigest(source.BlockSize, new string(q), source.Hash2);
    }

    [Benchmark(Description = "SimilarityIndex.FindSimilar, 1 M digests")]
    public int Indexed() => _index.FindSimilar(_query, 1).Count;

    [Benchmark(Baseline = true, Description = "GetSimilarity with every digest, 1 M")]
    public int Scan()
    {
        int n = 0;
        foreach (var d in _all)
        {
            n += d.GetSimilarity(_query) > 0 ? 1 : 0;
        }

        return n;
    }
}
