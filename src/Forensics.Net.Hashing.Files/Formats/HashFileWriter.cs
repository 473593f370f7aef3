using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Forensics.Net.Hashing.Files;

/// <summary>
/// Writes hash files that the reference tools accept: hashdeep (<c>hashdeep -k FILE -a</c>), GNU sum
/// (<c>sha256sum -c</c>; byte-identical to coreutils 9 output including <c>\</c>-escaped names), BSD tags,
/// CSV and JSON Lines. Lines end with <c>\n</c> whatever the platform.
/// </summary>
/// <example>
/// <code>
/// using var writer = new HashFileWriter(Console.Out, HashFileFormat.Hashdeep, [FileHashAlgorithm.Md5, FileHashAlgorithm.Sha256],
///     new HashFileWriterOptions { LeaveOpen = true });
/// writer.Write(new HashEntry("a.txt", digests.Length, digests));
/// </code>
/// </example>
public sealed class HashFileWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly HashFileFormat _format;
    private readonly FileHashAlgorithm[] _algorithms;
    private readonly HashFileWriterOptions _options;
    private readonly StringBuilder _line = new();
    private bool _headerWritten;
    private bool _disposed;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="writer">Where to write (use UTF-8 without BOM for files the tools read).</param>
    /// <param name="format">The format; not <see cref="HashFileFormat.Unknown"/>, <see cref="HashFileFormat.PlainList"/> or <see cref="HashFileFormat.NsrlCsv"/>.</param>
    /// <param name="algorithms">The columns to write, in order; <see cref="HashFileFormat.Sum"/> takes exactly one.</param>
    /// <param name="options">Options, or null for defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="writer"/> or <paramref name="algorithms"/> is null.</exception>
    /// <exception cref="ArgumentException">The format cannot be written, no algorithm, or several algorithms for the sum format.</exception>
    public HashFileWriter(TextWriter writer, HashFileFormat format, IEnumerable<FileHashAlgorithm> algorithms, HashFileWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(algorithms);
        if (format is HashFileFormat.Unknown or HashFileFormat.PlainList or HashFileFormat.NsrlCsv || !Enum.IsDefined(format))
        {
            throw new ArgumentException($"The {format} format cannot be written.", nameof(format));
        }

        _algorithms = FileHashAlgorithms.ValidateList(algorithms, requireSupported: false);

        if (format == HashFileFormat.Sum && _algorithms.Length != 1)
        {
            throw new ArgumentException("The sum format (sha256sum, md5sum) holds exactly one algorithm; use hashdeep, BSD, CSV or JSON Lines for several.", nameof(algorithms));
        }

        _writer = writer;
        _format = format;
        _options = options ?? HashFileWriterOptions.Default;
    }

    /// <summary>Gets the format written.</summary>
    public HashFileFormat Format => _format;

    /// <summary>Gets the algorithms written, in column order.</summary>
    public IReadOnlyList<FileHashAlgorithm> Algorithms => _algorithms;

    /// <summary>Writes the header now (hashdeep, CSV) if it was not written yet; otherwise it is written before the first entry.</summary>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void WriteHeader()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_headerWritten)
        {
            return;
        }

        _headerWritten = true;
        if (_format == HashFileFormat.Hashdeep)
        {
            _writer.Write("%%%% HASHDEEP-1.0\n%%%% size," + FileHashAlgorithms.FormatList(_algorithms) + ",filename\n");
            if (_options.InvokedFrom is not null || _options.CommandLine is not null)
            {
                _writer.Write("## Invoked from: " + (_options.InvokedFrom ?? string.Empty) + "\n");
                _writer.Write("## $ " + (_options.CommandLine ?? string.Empty) + "\n##\n");
            }
        }
        else if (_format == HashFileFormat.Csv)
        {
            _writer.Write("path,size," + FileHashAlgorithms.FormatList(_algorithms) + "\n");
        }
    }

    /// <summary>Writes one entry (one line; several lines for BSD with several algorithms).</summary>
    /// <param name="entry">The entry; it must carry every algorithm of this writer.</param>
    /// <exception cref="ArgumentNullException"><paramref name="entry"/> is null.</exception>
    /// <exception cref="ArgumentException">A digest is missing, or the name cannot be represented (a hashdeep name with a line break).</exception>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Write(HashEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        WriteHeader();
        foreach (var algorithm in _algorithms)
        {
            if (!entry.Digests.Contains(algorithm))
            {
                throw new ArgumentException($"The entry for '{entry.Path}' has no {FileHashAlgorithms.GetName(algorithm)} digest.", nameof(entry));
            }
        }

        _line.Clear();
        switch (_format)
        {
            case HashFileFormat.Hashdeep:
                if (entry.Path.AsSpan().ContainsAny('\n', '\r'))
                {
                    throw new ArgumentException("hashdeep files cannot hold a name with a line break: " + entry.Path.ReplaceLineEndings("\\n"), nameof(entry));
                }

                _line.Append(Math.Max(entry.Size, entry.Digests.Length).ToString(CultureInfo.InvariantCulture));
                foreach (var algorithm in _algorithms)
                {
                    _line.Append(',').Append(entry.Digests.GetHex(algorithm));
                }

                _line.Append(',').Append(entry.Path).Append('\n');
                break;

            case HashFileFormat.Sum:
                AppendSumLine(_line, entry.Digests.GetHex(_algorithms[0]), entry.Path, _options.BinaryMarker);
                break;

            case HashFileFormat.Bsd:
                foreach (var algorithm in _algorithms)
                {
                    bool escape = NeedsEscape(entry.Path);
                    _line.Append(escape ? "\\" : string.Empty).Append(FileHashAlgorithms.GetBsdTag(algorithm)).Append(" (")
                        .Append(escape ? Escape(entry.Path) : entry.Path).Append(") = ").Append(entry.Digests.GetHex(algorithm)).Append('\n');
                }

                break;

            case HashFileFormat.Csv:
                _line.Append(Csv.Quote(entry.Path)).Append(',').Append(Math.Max(entry.Size, entry.Digests.Length).ToString(CultureInfo.InvariantCulture));
                foreach (var algorithm in _algorithms)
                {
                    _line.Append(',').Append(entry.Digests.GetHex(algorithm));
                }

                _line.Append('\n');
                break;

            case HashFileFormat.JsonLines:
                _line.Append(ToJson(entry, _algorithms)).Append('\n');
                break;
        }

        _writer.Write(_line);
    }

    /// <summary>Flushes the underlying writer.</summary>
    /// <exception cref="ObjectDisposedException">The writer was disposed.</exception>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _writer.Flush();
    }

    /// <summary>Writes the header if nothing was written, flushes, and disposes the <see cref="TextWriter"/> unless <see cref="HashFileWriterOptions.LeaveOpen"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        WriteHeader();
        _disposed = true;
        _writer.Flush();
        if (!_options.LeaveOpen)
        {
            _writer.Dispose();
        }
    }

    /// <summary>Formats one coreutils sum line exactly as <c>sha256sum</c> 9.x prints it.</summary>
    internal static void AppendSumLine(StringBuilder sb, string hex, string path, bool binary)
    {
        bool escape = NeedsEscape(path);
        if (escape)
        {
            sb.Append('\\');
        }

        sb.Append(hex).Append(' ').Append(binary ? '*' : ' ').Append(escape ? Escape(path) : path).Append('\n');
    }

    private static bool NeedsEscape(string path) => path.AsSpan().ContainsAny('\\', '\n');

    private static string Escape(string path) =>
        path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string ToJson(HashEntry entry, FileHashAlgorithm[] algorithms)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("path", entry.Path);
            json.WriteNumber("size", Math.Max(entry.Size, entry.Digests.Length));
            foreach (var algorithm in algorithms)
            {
                json.WriteString(FileHashAlgorithms.GetName(algorithm), entry.Digests.GetHex(algorithm));
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
