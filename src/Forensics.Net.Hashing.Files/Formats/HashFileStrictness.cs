namespace Forensics.Net.Hashing.Files;

/// <summary>How a hash file reader treats damaged input (forensic input often is). <see cref="HashFileReaderOptions.Strictness"/> defaults to <see cref="Lenient"/>.</summary>
public enum HashFileStrictness
{
    /// <summary>Throw <see cref="HashFileFormatException"/> at the first malformed record.</summary>
    Strict = 0,

    /// <summary>Skip malformed records and report each as a <see cref="HashFileIssue"/> with its line number.</summary>
    Lenient = 1,
}
