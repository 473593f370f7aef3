using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Forensics.Net.FileSignatures.Internal;
using Microsoft.Win32.SafeHandles;

namespace Forensics.Net.FileSignatures;

/// <summary>
/// Identifies a file's true format from its content and checks its name's extension against it. Reads at most
/// <see cref="FileTypeDetectorOptions.MaxHeaderBytes"/> from the start plus the container directories it needs
/// (bounded by <see cref="FileTypeDetectorOptions.MaxContainerBytes"/>). Instances are immutable and thread-safe.
/// </summary>
/// <example>
/// <code>
/// var check = FileTypeDetector.Default.CheckFile("invoice.pdf");
/// Console.WriteLine($"{check.Type.Name} {check.Type.MimeType} {check.Verdict}");
/// if (check.IsDangerous) Console.WriteLine("executable content disguised as " + check.Extension);
/// </code>
/// </example>
public sealed class FileTypeDetector
{
    private const int MaxRounds = 24;
    private const int TailBytes = 4096;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="options">The options, or <see langword="null"/> for <see cref="FileTypeDetectorOptions.Default"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public FileTypeDetector(FileTypeDetectorOptions? options = null)
    {
        Options = options ?? FileTypeDetectorOptions.Default;
        Options.Validate();
    }

    /// <summary>Gets a shared detector with default options.</summary>
    public static FileTypeDetector Default { get; } = new();

    /// <summary>Gets the options.</summary>
    public FileTypeDetectorOptions Options { get; }

    /// <summary>
    /// Detects the format of bytes already in memory, taken as the whole input (ZIP directories and end-of-file
    /// signatures are looked for at the end of <paramref name="data"/>).
    /// </summary>
    /// <param name="data">The content, or a prefix of it.</param>
    /// <param name="result">The detection when a format was recognised; otherwise <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when a format was recognised.</returns>
    /// <exception cref="FileSignatureException">In <see cref="SignatureStrictness.Strict"/> mode, a container directory is damaged.</exception>
    /// <example>
    /// <code>
    /// ReadOnlySpan&lt;byte&gt; header = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    /// if (FileTypeDetector.Default.TryDetect(header, out var r)) Console.WriteLine(r.MimeType); // image/png
    /// </code>
    /// </example>
    public bool TryDetect(ReadOnlySpan<byte> data, [NotNullWhen(true)] out FileTypeResult? result)
    {
        var r = Detect(data);
        result = r.IsKnown ? r : null;
        return result is not null;
    }

    /// <summary>Detects the format of bytes already in memory, taken as the whole input.</summary>
    /// <param name="data">The content.</param>
    /// <returns>The detection; its type is <see cref="FileType.Unknown"/> (with the reason in <see cref="FileTypeResult.Rule"/>) when nothing fitted.</returns>
    /// <exception cref="FileSignatureException">In <see cref="SignatureStrictness.Strict"/> mode, a container directory is damaged.</exception>
    public FileTypeResult Detect(ReadOnlySpan<byte> data)
    {
        var view = new DataView(data, data.Length, null, final: true);
        return DetectorCore.Run(ref view, Options, data.Length)!;
    }

    /// <summary>
    /// Detects the format of a stream from its current position. A seekable stream is read at the start, the end and
    /// the container directories needed; a forward-only stream only up to <see cref="FileTypeDetectorOptions.MaxHeaderBytes"/>.
    /// The stream's position afterwards is unspecified; it is not closed.
    /// </summary>
    /// <param name="stream">The readable stream.</param>
    /// <returns>The detection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading failed; <see cref="FileSignatureException"/> in strict mode for a damaged container.</exception>
    public FileTypeResult Detect(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        return RunAsync(new StreamSource(stream), async: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Asynchronously detects the format of a stream from its current position (see <see cref="Detect(Stream)"/>).</summary>
    /// <param name="stream">The readable stream.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The detection.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public ValueTask<FileTypeResult> DetectAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        return RunAsync(new StreamSource(stream), async: true, cancellationToken);
    }

    /// <summary>Detects the format of a file.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The detection.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be opened or read (<see cref="FileNotFoundException"/>, ...).</exception>
    /// <exception cref="UnauthorizedAccessException">Access is denied.</exception>
    public FileTypeResult DetectFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return RunAsync(new FileHandleSource(handle), async: false, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Asynchronously detects the format of a file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The detection.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">Access is denied.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FileTypeResult> DetectFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.Asynchronous);
        return await RunAsync(new FileHandleSource(handle), async: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Detects a file's format and checks its extension against it.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The detection and verdict.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">Access is denied.</exception>
    /// <example>
    /// <code>
    /// var c = FileTypeDetector.Default.CheckFile("/evidence/holiday.jpg");
    /// if (c.Verdict == ExtensionVerdict.Mismatch) Console.WriteLine($"really {c.Type.Name}, expected .{string.Join("/.", c.ExpectedExtensions)}");
    /// </code>
    /// </example>
    public ExtensionCheckResult CheckFile(string path) => CheckName(DetectFile(path), Path.GetFileName(path));

    /// <summary>Asynchronously detects a file's format and checks its extension against it.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The detection and verdict.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="UnauthorizedAccessException">Access is denied.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ExtensionCheckResult> CheckFileAsync(string path, CancellationToken cancellationToken = default) =>
        CheckName(await DetectFileAsync(path, cancellationToken).ConfigureAwait(false), Path.GetFileName(path));

    /// <summary>Detects the format of a stream and checks the extension of <paramref name="fileName"/> against it.</summary>
    /// <param name="stream">The readable stream (see <see cref="Detect(Stream)"/>).</param>
    /// <param name="fileName">The name the content is stored or sent under (directories are ignored).</param>
    /// <returns>The detection and verdict.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="fileName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    public ExtensionCheckResult Check(Stream stream, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return CheckName(Detect(stream), fileName);
    }

    /// <summary>Asynchronously detects the format of a stream and checks the extension of <paramref name="fileName"/> against it.</summary>
    /// <param name="stream">The readable stream.</param>
    /// <param name="fileName">The name the content is stored or sent under.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The detection and verdict.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="fileName"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async ValueTask<ExtensionCheckResult> CheckAsync(Stream stream, string fileName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return CheckName(await DetectAsync(stream, cancellationToken).ConfigureAwait(false), fileName);
    }

    /// <summary>Checks a file name's extension against a detection already made.</summary>
    /// <param name="detection">The content detection.</param>
    /// <param name="fileName">The file name (directories are ignored).</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static ExtensionCheckResult CheckName(FileTypeResult detection, string fileName)
    {
        ArgumentNullException.ThrowIfNull(detection);
        ArgumentNullException.ThrowIfNull(fileName);
        string name = Path.GetFileName(fileName);
        string ext = ExtensionRules.GetExtension(name);
        var claimed = ext.Length > 0 ? FileType.FromExtension(ext) : (IReadOnlyList<FileType>)[];
        var type = detection.Type;
        ExtensionVerdict verdict;
        if (!detection.IsKnown)
        {
            verdict = ExtensionVerdict.UnknownContent;
        }
        else if (ext.Length == 0)
        {
            verdict = ExtensionRules.NameMatches(type, name) ? ExtensionVerdict.Match : ExtensionVerdict.NoExtension;
        }
        else
        {
            verdict = ExtensionRules.Judge(detection, ext, name);
        }

        bool dangerous = type.IsExecutable && verdict is ExtensionVerdict.Mismatch && !ExtensionRules.IsExecutableExtension(ext);
        return new ExtensionCheckResult(name, ext, detection, verdict, dangerous, claimed);
    }

    private async ValueTask<FileTypeResult> RunAsync(ByteSource source, bool async, CancellationToken cancellationToken)
    {
        long length = source.Length;
        int headLen = length >= 0 ? (int)Math.Min(length, Options.MaxHeaderBytes) : Options.MaxHeaderBytes;
        byte[] head = ArrayPool<byte>.Shared.Rent(Math.Max(headLen, 1));
        try
        {
            int got = await source.ReadFullyAsync(0, head.AsMemory(0, headLen), async, cancellationToken).ConfigureAwait(false);
            if (length < 0)
            {
                length = got < headLen ? got : -1;
            }
            else if (got < headLen)
            {
                length = got; // the file shrank while we read
            }

            long bytesRead = got;
            ExtraRanges? extras = null;
            if (length > got && source.CanSeek)
            {
                int tail = (int)Math.Min(TailBytes, length - got);
                var buf = new byte[tail];
                int n = await source.ReadFullyAsync(length - tail, buf, async, cancellationToken).ConfigureAwait(false);
                extras = new ExtraRanges();
                extras.Add(length - tail, n == tail ? buf : buf[..n]);
                bytesRead += n;
            }

            for (int round = 0; ; round++)
            {
                bool final = round >= MaxRounds || !source.CanSeek || length < 0 || (extras?.TotalBytes ?? 0) >= Options.MaxContainerBytes;
                var (result, needOffset, needLength) = Pass(head.AsSpan(0, got), length, extras, final, bytesRead);
                if (result is not null)
                {
                    return result;
                }

                int allowed = (int)Math.Min(needLength, Options.MaxContainerBytes - (extras?.TotalBytes ?? 0) + TailBytes);
                var buf = new byte[Math.Max(allowed, 0)];
                int n = await source.ReadFullyAsync(needOffset, buf, async, cancellationToken).ConfigureAwait(false);
                extras ??= new ExtraRanges();
                extras.Add(needOffset, n == buf.Length ? buf : buf[..n]);
                bytesRead += n;
                if (n < needLength)
                {
                    // Could not get everything: the next pass is final and works with what there is.
                    var (last, _, _) = Pass(head.AsSpan(0, got), length, extras, final: true, bytesRead);
                    return last!;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(head);
        }
    }

    private (FileTypeResult? Result, long NeedOffset, int NeedLength) Pass(ReadOnlySpan<byte> head, long length, ExtraRanges? extras, bool final, long bytesRead)
    {
        var view = new DataView(head, length, extras, final);
        var r = DetectorCore.Run(ref view, Options, bytesRead);
        return (r, view.NeedOffset, view.NeedLength);
    }
}
