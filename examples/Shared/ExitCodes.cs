namespace Forensics.Net.Examples.Shared;

/// <summary>The exit codes every example app returns (documented in docs/cli/).</summary>
internal static class ExitCodes
{
    /// <summary>Success: nothing found, nothing wrong.</summary>
    public const int Success = 0;

    /// <summary>Findings: a known-bad file, a mismatch, an incomplete carve, a truncated or damaged capture.</summary>
    public const int Findings = 1;

    /// <summary>A usage error (unknown option, value out of range) or an I/O error (missing or unreadable input).</summary>
    public const int Error = 2;
}
