namespace Forensics.Net.FileSignatures;

/// <summary>
/// One format of the signature database: a stable identifier, a human name, the canonical MIME type,
/// the extensions it is normally stored under and its category. Instances are immutable and shared.
/// </summary>
/// <example>
/// <code>
/// FileType? png = FileType.Find("png");
/// Console.WriteLine($"{png!.Name} {png.MimeType} .{png.Extensions[0]}");
/// </code>
/// </example>
public sealed class FileType
{
    internal FileType(string id, string name, string mimeType, string[] extensions, FileTypeCategory category, bool isExecutable, bool isText, string? parentId)
    {
        Id = id;
        Name = name;
        MimeType = mimeType;
        Extensions = extensions;
        Category = category;
        IsExecutable = isExecutable;
        IsText = isText;
        ParentId = parentId;
    }

    /// <summary>Gets the type reported when the content matches no known format (<c>application/octet-stream</c>).</summary>
    public static FileType Unknown { get; } = new("unknown", "Unknown data", "application/octet-stream", [], FileTypeCategory.Unknown, false, false, null);

    /// <summary>Gets every format in the built-in signature database.</summary>
    public static IReadOnlyList<FileType> All => Internal.SignatureDatabase.Instance.Types;

    /// <summary>Gets the stable identifier of the format (for example <c>docx</c>, <c>elf-pie</c>).</summary>
    public string Id { get; }

    /// <summary>Gets the human-readable name (for example <c>Microsoft Word document (OOXML)</c>).</summary>
    public string Name { get; }

    /// <summary>Gets the canonical MIME type.</summary>
    public string MimeType { get; }

    /// <summary>Gets the extensions (lower case, without the dot) the format is normally stored under; the first is the preferred one.</summary>
    public IReadOnlyList<string> Extensions { get; }

    /// <summary>Gets the category of the format.</summary>
    public FileTypeCategory Category { get; }

    /// <summary>Gets a value indicating whether the content is executable code or a script a user could run by opening it.</summary>
    public bool IsExecutable { get; }

    /// <summary>Gets a value indicating whether the format is text (readable characters, possibly structured).</summary>
    public bool IsText { get; }

    /// <summary>Gets the identifier of the more general format this one specialises (for example <c>zip</c> for <c>docx</c>), or <see langword="null"/>.</summary>
    public string? ParentId { get; }

    /// <summary>Gets the more general format this one specialises, or <see langword="null"/>.</summary>
    public FileType? Parent => ParentId is null ? null : Find(ParentId);

    /// <summary>Gets a value indicating whether this is <see cref="Unknown"/>.</summary>
    public bool IsUnknown => ReferenceEquals(this, Unknown);

    /// <summary>Finds a format of the built-in database by identifier (case-insensitive).</summary>
    /// <param name="id">The identifier, for example <c>pdf</c>.</param>
    /// <returns>The format, or <see langword="null"/> when there is none with that identifier.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="id"/> is <see langword="null"/>.</exception>
    public static FileType? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Internal.SignatureDatabase.Instance.ById.GetValueOrDefault(id);
    }

    /// <summary>Lists the formats normally stored under an extension (case-insensitive, with or without the leading dot).</summary>
    /// <param name="extension">The extension, for example <c>.jpg</c> or <c>jpg</c>.</param>
    /// <returns>The formats claiming the extension; empty when none does.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="extension"/> is <see langword="null"/>.</exception>
    public static IReadOnlyList<FileType> FromExtension(string extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        string key = extension.StartsWith('.') ? extension[1..] : extension;
        return Internal.SignatureDatabase.Instance.ByExtension.TryGetValue(key, out var list) ? list : [];
    }

    /// <summary>Returns whether this format is <paramref name="other"/> or specialises it (directly or through parents).</summary>
    /// <param name="other">The possibly more general format.</param>
    /// <returns><see langword="true"/> when <paramref name="other"/> is this format or one of its ancestors.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="other"/> is <see langword="null"/>.</exception>
    public bool IsA(FileType other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (FileType? t = this; t is not null; t = t.Parent)
        {
            if (ReferenceEquals(t, other))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({MimeType})";
}
