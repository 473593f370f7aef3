using Forensics.Net.Testing;
using Xunit.Abstractions;

namespace Forensics.Net.Pcap.Analysis.Tests.Capture;

/// <summary>
/// Robustness on the shared copy of tcpdump's and libpcap's test captures (unknown link types, bad versions,
/// absurd lengths, truncated files, malformed packets): every file is read and decoded to the end or stopped by a
/// <see cref="PcapFormatException"/> naming an offset inside the file; no other exception and no hang.
/// </summary>
public class PublicCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeSpan PerFile = TimeSpan.FromSeconds(20);

    public static TheoryData<CaptureStrictness> Modes => new() { CaptureStrictness.Strict, CaptureStrictness.Lenient };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task EveryPublicCapture_ReadsToTheEndOrThrowsPcapFormatExceptionWithOffset(CaptureStrictness strictness)
    {
        string root = TestCorpus.Require("pcap/public");
        string[] files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        files.Length.Should().BeGreaterThan(400);
        var options = new CaptureReaderOptions { Strictness = strictness };
        int complete = 0, rejected = 0, withIssues = 0;
        long packets = 0, decodeErrors = 0;
        var rejections = new Dictionary<string, int>();
        foreach (string file in files)
        {
            long length = new FileInfo(file).Length;
            using var cts = new CancellationTokenSource(PerFile);
            Task<(long Packets, long Errors, int Issues)> work = Task.Run(() => ReadAll(file, options, cts.Token));
            try
            {
                (long p, long e, int issues) = await work.WaitAsync(PerFile + TimeSpan.FromSeconds(5));
                complete++;
                packets += p;
                decodeErrors += e;
                withIssues += issues > 0 ? 1 : 0;
            }
            catch (PcapFormatException ex)
            {
                rejected++;
                ex.Offset.Should().BeInRange(0, length, file);
                string key = ex.Message.Split(' ')[0];
                rejections[key] = rejections.GetValueOrDefault(key) + 1;
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                throw new TimeoutException($"{file} was not read within {PerFile}", ex);
            }
        }

        output.WriteLine($"{strictness}: {files.Length} files, {complete} read to the end ({withIssues} with tolerated issues), {rejected} rejected with PcapFormatException; {packets} packets, {decodeErrors} with a decode error reported on the view.");
        foreach ((string key, int count) in rejections.OrderByDescending(kv => kv.Value))
        {
            output.WriteLine($"  rejected: {key}… × {count}");
        }

        (complete + rejected).Should().Be(files.Length);
        packets.Should().BeGreaterThan(5000);
    }

    private static async Task<(long Packets, long Errors, int Issues)> ReadAll(string file, CaptureReaderOptions options, CancellationToken cancellationToken)
    {
        await using CaptureReader reader = await CaptureReader.OpenAsync(file, options, cancellationToken);
        long packets = 0, errors = 0;
        while (await reader.ReadNextAsync(cancellationToken))
        {
            packets++;
            if (Decode(reader.Current))
            {
                errors++;
            }
        }

        return (packets, errors, reader.IssueCount);
    }

    private static bool Decode(CaptureRecord record)
    {
        var view = new PacketView(record);
        _ = view.Payload.Length + view.SourcePort + view.DestinationPort + view.SourceAddressBytes.Length;
        return view.HasError;
    }
}
