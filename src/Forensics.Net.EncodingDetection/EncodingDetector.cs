using System.Buffers;
using System.Text;
using Forensics.Net.EncodingDetection.Internal;
using Forensics.Net.Shared;

namespace Forensics.Net.EncodingDetection;

/// <summary>
/// Detects the character encoding of bytes: byte order marks; UTF-8 validated end to end; BOM-less
/// UTF-16LE/BE and UTF-32LE/BE from their code units; text versus binary; and legacy code pages
/// (windows-125x, ISO-8859-x, KOI8-R/U, IBM866, Mac, Shift_JIS, EUC-JP, ISO-2022-JP, GB18030, Big5,
/// EUC-KR, windows-874) ranked by byte structure and by character-bigram language models built from
/// Debian's translation catalogues. Thread-safe; no process-wide side effects (legacy encodings come
/// from <see cref="CodePagesEncodingProvider.Instance"/> without registering it). Never throws for any
/// byte sequence.
/// </summary>
/// <remarks>
/// Encoding names follow the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/) and the IANA
/// character set registry; BOMs follow The Unicode Standard, section 23.8; UTF-8 validity follows
/// RFC 3629 section 4.
/// </remarks>
/// <example>
/// <code>
/// EncodingDetectionResult r = EncodingDetector.Detect(File.ReadAllBytes("letter.txt"));
/// if (!r.IsBinary)
///     Console.WriteLine($"{r.WebName} bom={r.HasBom} conf={r.Confidence:0.00} lang={r.Language}");
/// </code>
/// </example>
public static class EncodingDetector
{
    private const int ChunkSize = 64 * 1024;
    private const int Regions = 16;

    /// <summary>Detects the encoding of <paramref name="data"/>, examining all of it.</summary>
    /// <param name="data">The bytes (a whole file, or a prefix of one).</param>
    /// <returns>The verdict; never <see langword="null"/>.</returns>
    /// <example>
    /// <code>
    /// var result = EncodingDetector.Detect("Привет"u8);
    /// Console.WriteLine(result.WebName); // utf-8
    /// </code>
    /// </example>
    public static EncodingDetectionResult Detect(ReadOnlySpan<byte> data) => Detect(data, null);

    /// <summary>Detects the encoding of <paramref name="data"/>, examining all of it.</summary>
    /// <param name="data">The bytes (a whole file, or a prefix of one: a character cut at the end is tolerated).</param>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="EncodingDetectorOptions.Default"/>.</param>
    /// <returns>The verdict; never <see langword="null"/>.</returns>
    public static EncodingDetectionResult Detect(ReadOnlySpan<byte> data, EncodingDetectorOptions? options)
    {
        options ??= EncodingDetectorOptions.Default;
        var facts = InputFacts.FromSpan(data);
        ReadOnlySpan<byte> head = Analyzer.Trim(data, Analyzer.HeadBudget);
        ReadOnlySpan<byte> sample = data;
        byte[]? harvested = null;
        if (data.Length > Analyzer.SampleBudget && !facts.AllAscii)
        {
            var builder = new SampleBuilder(Analyzer.SampleBudget);
            builder.Harvest(data, aligned: true);
            harvested = builder.Sample.ToArray();
            sample = harvested.Length > 0 ? harvested : head;
        }
        else if (data.Length > Analyzer.SampleBudget)
        {
            sample = head;
        }

        return Analyzer.Analyze(head, sample, facts, options);
    }

    /// <summary>Detects the encoding of a stream from its current position, with the default options.</summary>
    /// <param name="stream">A readable stream.</param>
    /// <returns>The verdict; never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    /// <example>
    /// <code>
    /// using var file = File.OpenRead("evidence.log");
    /// Console.WriteLine(EncodingDetector.Detect(file).WebName);
    /// </code>
    /// </example>
    public static EncodingDetectionResult Detect(Stream stream) => Detect(stream, null);

    /// <summary>
    /// Detects the encoding of a stream from its current position. Streams up to
    /// <see cref="EncodingDetectorOptions.FullScanLimit"/> (and every non-seekable stream, up to
    /// <see cref="EncodingDetectorOptions.MaxBytesToRead"/>) are read to the end in 64 KiB chunks, so
    /// UTF-8 is validated throughout and one non-ASCII line anywhere is seen; longer seekable streams are
    /// sampled in 16 regions from head to tail. Memory stays bounded whatever the size (about 100 KiB, plus one
    /// <see cref="EncodingDetectorOptions.RegionSize"/> buffer when sampling).
    /// A seekable stream is put back at the position it had.
    /// </summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="EncodingDetectorOptions.Default"/>.</param>
    /// <returns>The verdict; never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    /// <example>
    /// <code>
    /// using var file = File.OpenRead("evidence.log");
    /// var result = EncodingDetector.Detect(file, new EncodingDetectorOptions { FullScanLimit = 1 &lt;&lt; 20 });
    /// </code>
    /// </example>
    public static EncodingDetectionResult Detect(Stream stream, EncodingDetectorOptions? options)
    {
        var task = DetectCoreAsync(stream, options, async: false, CancellationToken.None);
        return task.IsCompleted ? task.Result : task.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>
    /// Asynchronously detects the encoding of a stream from its current position, reading it as
    /// <see cref="Detect(Stream, EncodingDetectorOptions?)"/> does (the same code, with asynchronous reads).
    /// </summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="options">Options, or <see langword="null"/> for <see cref="EncodingDetectorOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The verdict; never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <example>
    /// <code>
    /// await using var file = File.OpenRead("evidence.log");
    /// var result = await EncodingDetector.DetectAsync(file, null, cancellationToken);
    /// </code>
    /// </example>
    public static ValueTask<EncodingDetectionResult> DetectAsync(Stream stream, EncodingDetectorOptions? options = null, CancellationToken cancellationToken = default)
        => DetectCoreAsync(stream, options, async: true, cancellationToken);

    private static async ValueTask<EncodingDetectionResult> DetectCoreAsync(Stream stream, EncodingDetectorOptions? options, bool async, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        options ??= EncodingDetectorOptions.Default;
        long start = stream.CanSeek ? stream.Position : 0;
        try
        {
            return stream.CanSeek && stream.Length - start > options.FullScanLimit
                ? await DetectSampledAsync(stream, start, options, async, cancellationToken).ConfigureAwait(false)
                : await DetectScannedAsync(stream, options, async, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (stream.CanSeek)
            {
                stream.Position = start;
            }
        }
    }

    private static async ValueTask<int> ReadAsync(Stream stream, byte[] buffer, int count, bool async, CancellationToken cancellationToken)
        => async
            ? await stream.ReadAtLeastAsync(buffer.AsMemory(0, count), count, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
            : stream.ReadAtLeast(buffer.AsSpan(0, count), count, throwOnEndOfStream: false);

    /// <summary>Detects the encoding of a file (see <see cref="Detect(Stream, EncodingDetectorOptions?)"/> for how it is read).</summary>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <returns>The verdict; never <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Access to the file is denied.</exception>
    /// <example>
    /// <code>
    /// var r = EncodingDetector.DetectFile("samples/evidence/greeting-utf16le.txt");
    /// </code>
    /// </example>
    public static EncodingDetectionResult DetectFile(string path, EncodingDetectorOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);
        return Detect(stream, options);
    }

    /// <summary>Detects the encoding of <paramref name="data"/> and decodes it, without the BOM.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="result">The verdict used for decoding.</param>
    /// <returns>The text; invalid sequences become U+FFFD. Binary input is decoded as Latin-1.</returns>
    /// <example>
    /// <code>
    /// string text = EncodingDetector.DetectAndDecode(bytes, out var result);
    /// </code>
    /// </example>
    public static string DetectAndDecode(ReadOnlySpan<byte> data, out EncodingDetectionResult result)
    {
        result = Detect(data);
        return result.Decode(data);
    }

    /// <summary>
    /// Detects the encoding of a stream and returns a <see cref="StreamReader"/> that decodes it from the
    /// current position, with the BOM (if any) skipped. A non-seekable stream is detected on its first
    /// 64 KiB, which the reader then returns first.
    /// </summary>
    /// <param name="stream">A readable stream.</param>
    /// <param name="result">The verdict the reader decodes with (binary input is read as Latin-1).</param>
    /// <param name="options">Options, or <see langword="null"/> for the defaults.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <returns>A reader positioned after the BOM.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="IOException">Reading the stream failed.</exception>
    /// <example>
    /// <code>
    /// using var reader = EncodingDetector.OpenReader(File.OpenRead("mail.txt"), out var result);
    /// string? firstLine = reader.ReadLine();
    /// </code>
    /// </example>
    public static StreamReader OpenReader(Stream stream, out EncodingDetectionResult result, EncodingDetectorOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        if (stream.CanSeek)
        {
            long start = stream.Position;
            result = Detect(stream, options);
            stream.Position = Math.Min(stream.Length, start + result.BomLength);
            return new StreamReader(stream, result.Encoding ?? Encoding.Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: -1, leaveOpen);
        }

        byte[] head = new byte[ChunkSize];
        int read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        result = Detect(head.AsSpan(0, read), options);
        int skip = Math.Min(read, result.BomLength);
        var joined = new PrefixedStream(head.AsMemory(skip, read - skip), stream, leaveOpen);
        return new StreamReader(joined, result.Encoding ?? Encoding.Latin1, detectEncodingFromByteOrderMarks: false, bufferSize: -1, leaveOpen: false);
    }

    private static async ValueTask<EncodingDetectionResult> DetectScannedAsync(Stream stream, EncodingDetectorOptions options, bool async, CancellationToken cancellationToken)
    {
        var facts = new InputFacts();
        var builder = new SampleBuilder(Analyzer.SampleBudget);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        byte[] head = new byte[Analyzer.HeadBudget];
        int headLength = 0;
        try
        {
            long total = 0;
            bool first = true;
            while (total < options.MaxBytesToRead)
            {
                int want = (int)Math.Min(ChunkSize, options.MaxBytesToRead - total);
                int n = await ReadAsync(stream, buffer, want, async, cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                Scan(buffer.AsSpan(0, n), head, ref headLength, facts, builder, first);
                first = false;
                total += n;
                if (n < want)
                {
                    break;
                }
            }

            if (total >= options.MaxBytesToRead && await ReadAsync(stream, buffer, 1, async, cancellationToken).ConfigureAwait(false) > 0)
            {
                facts.Complete = false;
            }

            facts.Finish();
            return Analyze(head.AsSpan(0, headLength), facts, builder, options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Scan(ReadOnlySpan<byte> chunk, byte[] head, ref int headLength, InputFacts facts, SampleBuilder builder, bool first)
    {
        if (headLength < head.Length)
        {
            int take = Math.Min(chunk.Length, head.Length - headLength);
            chunk[..take].CopyTo(head.AsSpan(headLength));
            headLength += take;
        }

        facts.Add(chunk, last: false);
        if (!builder.Full)
        {
            builder.Harvest(chunk, aligned: first);
        }
    }

    private static EncodingDetectionResult Analyze(ReadOnlySpan<byte> head, InputFacts facts, SampleBuilder builder, EncodingDetectorOptions options)
    {
        ReadOnlySpan<byte> sample = facts.Length <= Analyzer.SampleBudget || builder.Length == 0 ? head : builder.Sample;
        return Analyzer.Analyze(head, sample, facts, options);
    }

    private static async ValueTask<EncodingDetectionResult> DetectSampledAsync(Stream stream, long start, EncodingDetectorOptions options, bool async, CancellationToken cancellationToken)
    {
        long length = stream.Length - start;
        int regionSize = (int)Math.Clamp(options.RegionSize, 4096, 16 * 1024 * 1024);
        var facts = new InputFacts { Complete = false };
        var builder = new SampleBuilder(Analyzer.SampleBudget);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(regionSize);
        byte[] head = new byte[Analyzer.HeadBudget];
        int headLength = 0;
        try
        {
            long span = Math.Max(0, length - regionSize);
            for (int r = 0; r < Regions; r++)
            {
                long offset = span * r / (Regions - 1);
                stream.Position = start + offset;
                int n = await ReadAsync(stream, buffer, regionSize, async, cancellationToken).ConfigureAwait(false);
                if (r == 0)
                {
                    headLength = Math.Min(n, head.Length);
                    buffer.AsSpan(0, headLength).CopyTo(head);
                }

                facts.AddRegion(buffer.AsSpan(0, n), isStart: r == 0, isEnd: r == Regions - 1);
                if (!builder.Full)
                {
                    builder.Harvest(buffer.AsSpan(0, n), aligned: r == 0);
                }
            }

            return Analyze(head.AsSpan(0, headLength), facts, builder, options);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
