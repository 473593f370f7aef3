namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Parses HTTP/1.0 and HTTP/1.1 over the streams of a <see cref="TcpReassembler"/> (use it as the reassembler's listener)
/// and reports request/response exchanges to an <see cref="HttpTransactionHandler"/>.
/// </summary>
/// <remarks>
/// <para>Message framing follows RFC 9112 section 6.3: no body for HEAD, 1xx, 204 and 304; <c>Transfer-Encoding: chunked</c>
/// (with trailers, section 7.1); <c>Content-Length</c>; otherwise until the connection closes. Keep-alive and pipelined
/// requests are paired with responses in order. <c>Content-Encoding</c> gzip, deflate (zlib or raw) and br are decoded
/// (RFC 9110 section 8.4.1) with a cap on the decoded size; the body as sent is hashed too.</para>
/// <para>HTTP is recognised by content, on any port; a stream that does not start like HTTP is left alone. After a gap or a
/// framing error the parser looks for the next message start in later data.</para>
/// <para>The analyzer keeps its per-connection state in <see cref="TcpConnection.UserState"/>; to combine it with another
/// listener, forward the events to it from your own <see cref="TcpStreamListener"/> and keep your state elsewhere.</para>
/// </remarks>
/// <example>
/// <code>
/// var analyzer = new HttpStreamAnalyzer(new MyHandler());
/// using var reassembler = new TcpReassembler(analyzer);
/// // reassembler.Process(segment) for each TCP segment, then:
/// reassembler.Complete();
/// </code>
/// </example>
public sealed class HttpStreamAnalyzer : TcpStreamListener
{
    /// <summary>Initializes an analyzer.</summary>
    /// <param name="handler">Receives the exchanges.</param>
    /// <param name="options">Limits, or <see langword="null"/> for <see cref="HttpStreamAnalyzerOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is <see langword="null"/>.</exception>
    public HttpStreamAnalyzer(HttpTransactionHandler handler, HttpStreamAnalyzerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Handler = handler;
        Options = options ?? HttpStreamAnalyzerOptions.Default;
    }

    /// <summary>Gets the number of request heads parsed.</summary>
    public long Requests { get; internal set; }

    /// <summary>Gets the number of response heads parsed.</summary>
    public long Responses { get; internal set; }

    internal HttpTransactionHandler Handler { get; }

    internal HttpStreamAnalyzerOptions Options { get; }

    /// <inheritdoc/>
    public override void OnOpened(TcpConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        connection.UserState = new HttpSession(this, connection);
    }

    /// <inheritdoc/>
    public override void OnData(TcpConnection connection, TcpDirection direction, ReadOnlySpan<byte> data, DateTimeOffset timestamp)
    {
        if (connection?.UserState is HttpSession session)
        {
            session.OnData(direction, data, timestamp);
        }
    }

    /// <inheritdoc/>
    public override void OnGap(TcpConnection connection, TcpDirection direction, long length)
    {
        if (connection?.UserState is HttpSession session)
        {
            session.OnGap(direction, length);
        }
    }

    /// <inheritdoc/>
    public override void OnClosed(TcpConnection connection, TcpCloseReason reason)
    {
        if (connection?.UserState is HttpSession session)
        {
            session.OnClosed();
            connection.UserState = null;
        }
    }
}
