namespace Forensics.Net.Pcap.Analysis;

/// <summary>Receives the HTTP exchanges found by an <see cref="HttpStreamAnalyzer"/>. Override what you need.</summary>
public abstract class HttpTransactionHandler
{
    /// <summary>Called when a request head has been parsed.</summary>
    /// <param name="transaction">The exchange (<see cref="HttpTransaction.Request"/> is set).</param>
    public virtual void OnRequest(HttpTransaction transaction)
    {
    }

    /// <summary>Called when a response head has been parsed; return <see langword="true"/> to have its body decoded, hashed and given to <see cref="OnResponseBody"/>.</summary>
    /// <param name="transaction">The exchange (<see cref="HttpTransaction.Response"/> is set; <see cref="HttpTransaction.Request"/> may be <see langword="null"/>).</param>
    /// <returns>Whether the body is wanted. The default is <see langword="true"/>.</returns>
    public virtual bool OnResponse(HttpTransaction transaction) => true;

    /// <summary>Called with the next decoded bytes of a wanted response body. The span is valid only during the call.</summary>
    /// <param name="transaction">The exchange.</param>
    /// <param name="data">The bytes.</param>
    public virtual void OnResponseBody(HttpTransaction transaction, ReadOnlySpan<byte> data)
    {
    }

    /// <summary>
    /// Called once per exchange when it is over: the response is complete (or cut short), or the connection ended
    /// with a request that got no response. Called in order per connection.
    /// </summary>
    /// <param name="transaction">The exchange.</param>
    public virtual void OnCompleted(HttpTransaction transaction)
    {
    }

    /// <summary>Called when a direction of a connection stops being parsed (not HTTP, header flood, bad chunk).</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="direction">The direction.</param>
    /// <param name="problem">What went wrong.</param>
    public virtual void OnStreamProblem(TcpConnection connection, TcpDirection direction, HttpProblems problem)
    {
    }
}
