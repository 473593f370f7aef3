using System.Net;
using System.Text;
using System.CommandLine;
using Forensics.Net.Examples.Shared;
using Forensics.Net.Sockets.Messaging;

namespace EchoServerExample;

/// <summary>
/// The course's server done right: <c>-- [--port 5005] [--framing raw|line|length] [--reply echo|thanks] [--host 0.0.0.0] [--quiet]</c>.
/// By default raw framing, prints each message and replies "Got that thanks!" — to any number of clients at once.
/// </summary>
public static class EchoServerApp
{
    public const string Thanks = "Got that thanks!";

    private static readonly Option<int> PortOption = Cli.Port(5005, "TCP port to listen on (0: any free port)");
    private static readonly Option<string> FramingOption = new Option<string>("--framing") { Description = "message framing", DefaultValueFactory = _ => "raw" }.OneOf("raw", "line", "length");
    private static readonly Option<string> ReplyOption = new Option<string>("--reply") { Description = "reply with the course's \"" + Thanks + "\" or echo the message", DefaultValueFactory = _ => "thanks" }.OneOf("echo", "thanks");
    private static readonly Option<string> HostOption = new("--host") { Description = "address to listen on", DefaultValueFactory = _ => "0.0.0.0" };
    private static readonly Option<bool> QuietOption = new("--quiet", "-q") { Description = "do not print each message" };

    private static readonly Command RootCommand = Cli.CreateCommand(
        "The course's server done right: prints each message and replies \"" + Thanks + "\", to any number of clients at once.",
        PortOption, FramingOption, ReplyOption, HostOption, QuietOption);

    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, Action<IPEndPoint>? listening = null) =>
        Cli.RunAsync(error, async () =>
        {
            if (!Cli.TryParse(RootCommand, args, output, error, out ParseResult parsed, out int exit))
            {
                return exit;
            }

            if (!IPAddress.TryParse(parsed.GetValue(HostOption), out IPAddress? host))
            {
                return Cli.Usage(error, $"--host: '{parsed.GetValue(HostOption)}' is not an IP address");
            }

            return await ServeAsync(host, parsed.GetValue(PortOption), parsed.GetValue(FramingOption)!, parsed.GetValue(ReplyOption)!, parsed.GetValue(QuietOption), output, cancellationToken, listening);
        });

    private static async Task<int> ServeAsync(IPAddress host, int port, string framing, string reply, bool quiet, TextWriter output, CancellationToken cancellationToken, Action<IPEndPoint>? listening)
    {
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
}
