using System.Text;
using Forensics.Net.Pcap.Analysis.Tests.Reassembly;

namespace Forensics.Net.Pcap.Analysis.Tests.Http;

/// <summary>Runs synthetic HTTP conversations through TcpReassembler + HttpStreamAnalyzer.</summary>
internal sealed class HttpTestHarness : HttpTransactionHandler
{
    public List<HttpTransaction> Completed { get; } = [];

    public Dictionary<HttpTransaction, MemoryStream> Bodies { get; } = [];

    public List<HttpProblems> StreamProblems { get; } = [];

    public static List<HttpTransaction> RunExchange(string request, string response, HttpStreamAnalyzerOptions? options = null, int segmentSize = 1000) =>
        Run(Encoding.Latin1.GetBytes(request), Encoding.Latin1.GetBytes(response), options, segmentSize).Completed;

    public static HttpTestHarness Run(byte[] request, byte[] response, HttpStreamAnalyzerOptions? options = null, int segmentSize = 1000, bool close = true)
    {
        var harness = new HttpTestHarness();
        var analyzer = new HttpStreamAnalyzer(harness, options);
        using var r = new TcpReassembler(analyzer);
        var f = new SegmentFactory(r);
        f.Handshake();
        for (int i = 0; i < request.Length; i += segmentSize)
        {
            f.Client(unchecked(f.ClientIsn + 1 + (uint)i), TcpFlags.Ack | TcpFlags.Psh, request.AsSpan(i, Math.Min(segmentSize, request.Length - i)));
        }

        for (int i = 0; i < response.Length; i += segmentSize)
        {
            f.Server(unchecked(f.ServerIsn + 1 + (uint)i), TcpFlags.Ack, response.AsSpan(i, Math.Min(segmentSize, response.Length - i)));
        }

        if (close)
        {
            f.Server(unchecked(f.ServerIsn + 1 + (uint)response.Length), TcpFlags.Ack | TcpFlags.Fin);
            f.Client(unchecked(f.ClientIsn + 1 + (uint)request.Length), TcpFlags.Ack | TcpFlags.Fin);
        }

        r.Complete();
        return harness;
    }

    public byte[] Body(HttpTransaction tx) => Bodies.TryGetValue(tx, out MemoryStream? ms) ? ms.ToArray() : [];

    public string BodyText(HttpTransaction tx) => Encoding.Latin1.GetString(Body(tx));

    public override void OnResponseBody(HttpTransaction transaction, ReadOnlySpan<byte> data)
    {
        if (!Bodies.TryGetValue(transaction, out MemoryStream? ms))
        {
            Bodies[transaction] = ms = new MemoryStream();
        }

        ms.Write(data);
    }

    public override void OnCompleted(HttpTransaction transaction) => Completed.Add(transaction);

    public override void OnStreamProblem(TcpConnection connection, TcpDirection direction, HttpProblems problem) => StreamProblems.Add(problem);
}
