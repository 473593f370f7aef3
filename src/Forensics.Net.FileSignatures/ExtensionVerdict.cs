namespace Forensics.Net.FileSignatures;

/// <summary>How a file's extension relates to the format found in its content.</summary>
public enum ExtensionVerdict
{
    /// <summary>The extension is one the detected format is normally stored under.</summary>
    Match,

    /// <summary>The extension belongs to a compatible, more general or sibling format (a <c>.jar</c> stored as <c>.zip</c>, <c>.jpeg</c> for <c>.jpg</c>, any text as <c>.txt</c>).</summary>
    CompatibleAlias,

    /// <summary>The extension belongs to a different format: the name lies about the content.</summary>
    Mismatch,

    /// <summary>The content matched no known format, so the extension cannot be checked.</summary>
    UnknownContent,

    /// <summary>The file name has no extension.</summary>
    NoExtension,
}
