namespace Forensics.Net.Hashing.Files;

/// <summary>The hash file formats read and written by <see cref="HashFileReader"/> and <see cref="HashFileWriter"/>.</summary>
public enum HashFileFormat
{
    /// <summary>Not known yet: the reader detects the format from the first meaningful line.</summary>
    Unknown = 0,

    /// <summary>hashdeep / md5deep audit files: <c>%%%% HASHDEEP-1.0</c>, a <c>%%%% size,md5,…,filename</c> header, <c>##</c> comments, then <c>size,hash…,name</c> lines.</summary>
    Hashdeep,

    /// <summary>GNU coreutils <c>sha256sum</c>/<c>md5sum</c>/<c>b3sum</c> lines: <c>hex␠␠name</c> or <c>hex␠*name</c>, a leading <c>\</c> when the name is escaped (<c>\\</c>, <c>\n</c>). One algorithm per file.</summary>
    Sum,

    /// <summary>BSD tags as <c>sha256sum --tag</c> and <c>rhash --bsd</c> write them: <c>SHA256 (name) = hex</c>.</summary>
    Bsd,

    /// <summary>RFC 4180 CSV with a header row <c>path,size,&lt;algorithm&gt;…</c> (algorithm names as <see cref="FileHashAlgorithms.GetName"/>).</summary>
    Csv,

    /// <summary>JSON Lines: one object per line, <c>{"path":…,"size":…,"sha256":"…"}</c>.</summary>
    JsonLines,

    /// <summary>Read only: one hex digest per line (optionally followed by whitespace and text), as hash-list feeds publish them.</summary>
    PlainList,

    /// <summary>Read only: NSRL RDS 2.x <c>NSRLFile.txt</c> (<c>"SHA-1","MD5","CRC32","FileName","FileSize",…</c>).</summary>
    NsrlCsv,
}
