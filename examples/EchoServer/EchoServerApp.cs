using System.Net;
using System.Text;
using Forensics.Net.Sockets.Messaging;

namespace EchoServerExample;

/// <summary>
/// The course's server done right: <c>-- [--port 5005] [--framing raw|line|length] [--reply echo|thanks] [--host 0.0.0.0] [--quiet]</c>.
/// By default raw framing, prints each message and replies "Got that thanks!" — to any number of clients at once.
/// </summary>
public static class EchoServerApp
{
    public const string Thanks = "Got that thanks!";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, Action<IPEndPoint>? listening = null)
    {
        int port = 5005;
        string framing = "raw";
        string reply = "thanks";
        IPAddress host = IPAddress.Any;
        bool quiet = false;
        try
        {
            for (int i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--port":
                        port = int.Parse(Value(args, ref i), System.Globalization.CultureInfo.InvariantCulture);
                        break;
                    case "--framing":
                        framing = Value(args, ref i);
                        break;
                    case "--reply":
                        reply = Value(args, ref i);
                        if (reply is not ("echo" or "thanks"))
                        {
                            throw new ArgumentException($"--reply must be echo or thanks, not '{reply}'");
                        }

                        break;
                    case "--host":
                        host = IPAddress.Parse(Value(args, ref i));
                        break;
                    case "--quiet":
                        quiet = true;
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

        byte[] thanks = Encoding.UTF8.GetBytes(Thanks);
        bool echo = reply == "echo";
        var options = new MessageServerOptions { Framer = MessageFramer.Parse(framing) };
        await using var server = new MessageServer(new IPEndPoint(host, port), options);
        var gate = new object();
        server.Start(async (message, ct) =>
        {
            if (!quiet)
            {
                string text = message.GetString().TrimEnd('\r', '\n');
                lock (gate)
                {
                    output.WriteLine($"Received from {message.RemoteEndPoint}: {text}");
                    output.Flush();
                }
            }

            if (echo)
            {
                await message.Connection!.ReplyAsync(message, message.Payload, ct);
            }
            else
            {
                await message.Connection!.ReplyAsync(message, thanks, ct);
            }
        });

        IPEndPoint local = server.LocalEndPoint!;
        await output.WriteLineAsync($"Listening on {local} (framing {options.Framer.Name}, reply {reply}); Ctrl+C to stop");
        await output.FlushAsync(CancellationToken.None);
        listening?.Invoke(local);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        await server.StopAsync(CancellationToken.None);
        return 0;
    }

    private const string Usage = "usage: EchoServer [--port 5005] [--framing raw|line|length] [--reply echo|thanks] [--host 0.0.0.0] [--quiet]";

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");
}
