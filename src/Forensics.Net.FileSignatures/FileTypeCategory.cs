namespace Forensics.Net.FileSignatures;

/// <summary>The broad family a <see cref="FileType"/> belongs to.</summary>
public enum FileTypeCategory
{
    /// <summary>Content that matched no known format.</summary>
    Unknown = 0,

    /// <summary>Raster and vector images.</summary>
    Image,

    /// <summary>Audio recordings and sound formats.</summary>
    Audio,

    /// <summary>Video and multimedia containers.</summary>
    Video,

    /// <summary>Office documents, e-books, PDF and page-description formats.</summary>
    Document,

    /// <summary>Archives that hold several files (ZIP, TAR, 7z, RAR, ...).</summary>
    Archive,

    /// <summary>Single-stream compressed data (gzip, xz, zstd, ...).</summary>
    Compressed,

    /// <summary>Native or managed executable code (PE, ELF, Mach-O, bytecode, installers).</summary>
    Executable,

    /// <summary>Scripts and program source text.</summary>
    Script,

    /// <summary>Plain and structured text (JSON, XML, CSV, markup).</summary>
    Text,

    /// <summary>Database files.</summary>
    Database,

    /// <summary>Fonts.</summary>
    Font,

    /// <summary>Keys, certificates, signatures and encrypted containers.</summary>
    Crypto,

    /// <summary>Network captures and logs.</summary>
    Capture,

    /// <summary>Disk, partition and file-system images.</summary>
    DiskImage,

    /// <summary>Scientific, application and other data files.</summary>
    Data,
}
