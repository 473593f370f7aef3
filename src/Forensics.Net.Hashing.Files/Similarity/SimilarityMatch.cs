namespace Forensics.Net.Hashing.Files;

/// <summary>A known digest that a query is similar to.</summary>
/// <param name="name">The known entry's name (the file name of its list line).</param>
/// <param name="algorithm"><see cref="FileHashAlgorithm.Ssdeep"/> or <see cref="FileHashAlgorithm.Tlsh"/>.</param>
/// <param name="score">The ssdeep score (0–100, higher is closer) or the TLSH distance (0 and up, lower is closer).</param>
/// <param name="digest">The known digest's text.</param>
public sealed class SimilarityMatch(string name, FileHashAlgorithm algorithm, int score, string digest)
{
    /// <summary>Gets the known entry's name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the algorithm the score comes from.</summary>
    public FileHashAlgorithm Algorithm { get; } = algorithm;

    /// <summary>Gets the ssdeep score (0–100, higher is closer) or the TLSH distance (lower is closer).</summary>
    public int Score { get; } = score;

    /// <summary>Gets the known digest's text.</summary>
    public string Digest { get; } = digest;

    /// <summary>Returns <c>name (score)</c>, as <c>ssdeep -m</c> prints a match.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{Name} ({Score})";
}
