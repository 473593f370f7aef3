using System.Text;
using System.CommandLine;
using Forensics.Net.Examples.Shared;
using Forensics.Net.Sockets.Messaging;

namespace MessageClientExample;

/// <summary>
/// The course's lab client done right: <c>-- [--host 127.0.0.1] [--port 5005] [--framing raw|line|length] [--timeout 5]</c>.
/// Connects (with timeout and retries), reads a line from stdin, sends it, prints the reply; repeats until end of input.
/// </summary>
public static class MessageClientApp
{
    private static readonly Option<string> HostOption = new("--host") { Description = "server host name or address", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<int> PortOption = Cli.Port(5005, "server TCP port");
    private static readonly Option<string> FramingOption = new Option<string>("--framing") { Description = "message framing", DefaultValueFactory = _ => "raw" }.OneOf("raw", "line", "length");
    private static readonly Option<double> TimeoutOption = new Option<double>("--timeout") { Description = "seconds to wait for the connection and for each reply", DefaultValueFactory = _ => 5 }.InRange(0.001, 86_400);

    private static readonly Command RootCommand = Cli.CreateCommand(
        "The course's lab client done right: connects (with timeout and retries), sends each line read from stdin, prints the reply.",
        HostOption, PortOption, FramingOption, TimeoutOption);

    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        Cli.RunAsync(error, async () =>
        {
            if (!Cli.TryParse(RootCommand, args, output, error, out ParseResult parsed, out int exit))
            {
                return exit;
            }

            return await SendAsync(parsed.GetValue(HostOption)!, parsed.GetValue(PortOption), parsed.GetValue(FramingOption)!, parsed.GetValue(TimeoutOption), input, output, error, cancellationToken);
        });

    private static async Task<int> SendAsync(string host, int port, string framing, double timeoutSeconds, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
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
            Cli.Error(error, $"{host}:{port}", "cannot connect: " + ex.Message);
            return ExitCodes.Error;
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
                    Cli.Error(error, $"{host}:{port}", $"no reply within {timeoutSeconds} s");
                    return ExitCodes.Error;
                }
                catch (IOException ex)
                {
                    Cli.Error(error, $"{host}:{port}", ex.Message);
                    return ExitCodes.Error;
                }
            }

            await client.CloseAsync(cancellationToken);
        }

        return 0;
    }
}
