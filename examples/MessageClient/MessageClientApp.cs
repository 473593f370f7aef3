using System.Text;
using Forensics.Net.Sockets.Messaging;

namespace MessageClientExample;

/// <summary>
/// The course's lab client done right: <c>-- [--host 127.0.0.1] [--port 5005] [--framing raw|line|length] [--timeout 5]</c>.
/// Connects (with timeout and retries), reads a line from stdin, sends it, prints the reply; repeats until end of input.
/// </summary>
public static class MessageClientApp
{
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string host = "127.0.0.1";
        int port = 5005;
        string framing = "raw";
        double timeoutSeconds = 5;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--host":
                        host = Value(args, ref i);
                        break;
                    case "--port":
                        port = int.Parse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "--framing":
                        framing = Value(args, ref i);
                        break;
                    case "--timeout":
                        timeoutSeconds = double.Parse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "-h" or "--help":
                        await output.WriteLineAsync(Usage);
                        return 0;
                    default:
                        throw new ArgumentException($"unknown argument '{args[i]}'");
                }
            }

            _ = MessageFramer.Parse(framing);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or OverflowException)
        {
            await error.WriteLineAsync($"error: {ex.Message}");
            await error.WriteLineAsync(Usage);
            return 2;
        }

        var options = new MessageClientOptions
        {
            Framer = MessageFramer.Parse(framing),
            ConnectTimeout = TimeSpan.FromSeconds(timeoutSeconds),
            ConnectRetryCount = 2,
        };
        MessageClient client;
        try
        {
            client = await MessageClient.ConnectAsync(host, port, options, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or TimeoutException or IOException)
        {
            await error.WriteLineAsync($"error: cannot connect to {host}:{port}: {ex.Message}");
            return 1;
        }

        await using (client)
        {
            string? line;
            while ((line = await input.ReadLineAsync(cancellationToken)) is not null)
            {
                try
                {
                    await client.SendAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
                    using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    wait.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
                    ReceivedMessage reply = await client.ReceiveAsync(wait.Token);
                    await output.WriteLineAsync(reply.GetString().TrimEnd('\r', '\n'));
                    await output.FlushAsync(cancellationToken);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await error.WriteLineAsync($"error: no reply within {timeoutSeconds} s");
                    return 1;
                }
                catch (IOException ex)
                {
                    await error.WriteLineAsync($"error: {ex.Message}");
                    return 1;
                }
            }

            await client.CloseAsync(cancellationToken);
        }

        return 0;
    }

    private const string Usage = "usage: MessageClient [--host 127.0.0.1] [--port 5005] [--framing raw|line|length] [--timeout 5]";

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
}
