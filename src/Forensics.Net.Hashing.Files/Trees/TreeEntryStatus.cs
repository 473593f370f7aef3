namespace Forensics.Net.Hashing.Files;

/// <summary>What happened to one entry of a tree.</summary>
public enum TreeEntryStatus
{
    /// <summary>The file was hashed; <see cref="TreeHashResult.Digests"/> is set. <see cref="TreeHashResult.Message"/> may carry a warning (size changed while reading).</summary>
    Hashed,

    /// <summary>The file could not be read (permission denied, vanished, I/O error); <see cref="TreeHashResult.Message"/> says why.</summary>
    Error,

    /// <summary>Deliberately not hashed: a FIFO, device or socket, a symbolic link not followed, or a symlink loop.</summary>
    Skipped,
}
