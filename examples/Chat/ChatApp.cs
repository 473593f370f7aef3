using System.Net;
using System.Text;
using System.CommandLine;
using Forensics.Net.Examples.Shared;
using Forensics.Net.Sockets.Messaging;

namespace ChatExample;

/// <summary>
/// The "full messaging app" the course points to: a multi-client chat over line framing (so telnet and <c>nc</c> can join too).
/// <c>-- server [--port 5006] [--host 0.0.0.0]</c> or <c>-- client --nick NAME [--host 127.0.0.1] [--port 5006]</c>.
/// The first line a client sends is its nickname; then every line is broadcast to the others as <c>&lt;nick&gt; text</c>.
/// Commands: <c>/nick NEW</c>, <c>/who</c>, <c>/quit</c>.
/// </summary>
public static class ChatApp
{
    public const int DefaultPort = 5006;
    private const int MaxNickLength = 32;
    private static readonly Option<int> ServerPortOption = Cli.Port(DefaultPort, "TCP port to listen on (0: any free port)");
    private static readonly Option<string> ServerHostOption = new("--host") { Description = "address to listen on", DefaultValueFactory = _ => "0.0.0.0" };
    private static readonly Option<int> ClientPortOption = Cli.Port(DefaultPort, "server TCP port");
    private static readonly Option<string> ClientHostOption = new("--host") { Description = "server host name or address", DefaultValueFactory = _ => "127.0.0.1" };
    private static readonly Option<string> NickOption = new("--nick", "-n") { Description = "your nickname (1-32 characters, no spaces)", Required = true, HelpName = "NAME" };

    private static readonly Command ServerCommand = new("server", "run the chat server (telnet and nc can join: one line per message)") { ServerPortOption, ServerHostOption };
    private static readonly Command ClientCommand = new("client", "join a chat server; each line of stdin is a message; /nick NEW, /who, /quit") { NickOption, ClientHostOption, ClientPortOption };

    private static readonly Command RootCommand = Cli.CreateCommand(
        "Multi-client chat with nicknames and broadcast, over line framing.",
        ServerCommand, ClientCommand);

    public static Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken, Action<IPEndPoint>? listening = null) =>
        Cli.RunAsync(error, async () =>
        {
            if (!Cli.TryParse(RootCommand, args, output, error, out ParseResult parsed, out int exit))
            {
                return exit;
            }

            if (parsed.CommandResult.Command == ServerCommand)
            {
                if (!IPAddress.TryParse(parsed.GetValue(ServerHostOption), out IPAddress? address))
                {
                    return Cli.Usage(error, $"--host: '{parsed.GetValue(ServerHostOption)}' is not an IP address");
                }

                return await RunServerAsync(address, parsed.GetValue(ServerPortOption), output, cancellationToken, listening);
            }

            if (parsed.CommandResult.Command == ClientCommand)
            {
                string nick = parsed.GetValue(NickOption)!;
                if (string.IsNullOrWhiteSpace(nick))
                {
                    return Cli.Usage(error, "client needs --nick NAME");
                }

                return await RunClientAsync(parsed.GetValue(ClientHostOption)!, parsed.GetValue(ClientPortOption), nick, input, output, error, cancellationToken);
            }

            return Cli.Usage(error, "say server or client");
        });

    /// <summary>Runs the chat server until cancelled.</summary>
    public static async Task<int> RunServerAsync(IPAddress address, int port, TextWriter output, CancellationToken cancellationToken, Action<IPEndPoint>? listening = null)
    {
        var options = new MessageServerOptions
        {
            Framer = MessageFramer.Lines(maxMessageSize: 4096),
            IdleTimeout = TimeSpan.FromMinutes(30),
            MaxSendQueueBytes = 256 * 1024,
        };
        await using var server = new MessageServer(new IPEndPoint(address, port), options);
        var log = new object();
        void Log(string line)
        {
            lock (log)
            {
                output.WriteLine(line);
                output.Flush();
            }
        }

        server.ConnectionOpened += (_, e) => e.Connection.TrySend("Welcome! Send your nickname."u8);
        server.ConnectionClosed += (_, e) =>
        {
            if (e.Connection.State is string name)
            {
                server.Broadcast(Encoding.UTF8.GetBytes($"* {name} left"), group: "chat");
                Log($"* {name} left ({e.Connection.CloseReason})");
            }
        };

        server.Start((message, ct) =>
        {
            MessageConnection connection = message.Connection!;
            string text = message.GetString().Trim();
            if (text.Length == 0)
            {
                return ValueTask.CompletedTask;
            }

            if (connection.State is not string name)
            {
                if (TryClaimNick(server, connection, text, out string? problem))
                {
                    connection.JoinGroup("chat");
                    connection.TrySend(Encoding.UTF8.GetBytes($"* you are {text}; {Others(server, connection)}"));
                    server.Broadcast(Encoding.UTF8.GetBytes($"* {text} joined"), group: "chat", except: connection);
                    Log($"* {text} joined from {connection.RemoteEndPoint}");
                }
                else
                {
                    connection.TrySend(Encoding.UTF8.GetBytes(problem!));
                }

                return ValueTask.CompletedTask;
            }

            if (text.StartsWith("/nick ", StringComparison.Ordinal))
            {
                string wanted = text[6..].Trim();
                if (TryClaimNick(server, connection, wanted, out string? problem))
                {
                    server.Broadcast(Encoding.UTF8.GetBytes($"* {name} is now {wanted}"), group: "chat");
                }
                else
                {
                    connection.TrySend(Encoding.UTF8.GetBytes(problem!));
                }
            }
            else if (text == "/who")
            {
                connection.TrySend(Encoding.UTF8.GetBytes("* " + Others(server, null)));
            }
            else if (text == "/quit")
            {
                connection.TrySend("* bye"u8);

                // Not awaited: the close completes after this handler returns (it sends "* bye" first).
                _ = connection.CloseAsync(CancellationToken.None);
            }
            else
            {
                server.Broadcast(Encoding.UTF8.GetBytes($"<{name}> {text}"), group: "chat", except: connection);
                Log($"<{name}> {text}");
            }

            return ValueTask.CompletedTask;
        });

        await output.WriteLineAsync($"Chat server listening on {server.LocalEndPoint}; Ctrl+C to stop");
        await output.FlushAsync(CancellationToken.None);
        listening?.Invoke(server.LocalEndPoint!);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        server.Broadcast("* server shutting down"u8);
        await server.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>Runs a chat client: sends the nickname, then each input line; prints what others say.</summary>
    public static async Task<int> RunClientAsync(string host, int port, string nick, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = new MessageClientOptions { Framer = MessageFramer.Lines(maxMessageSize: 4096), ConnectTimeout = TimeSpan.FromSeconds(5) };
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
            Task printing = Task.Run(async () =>
            {
                try
                {
                    await foreach (ReceivedMessage message in client.ReadAllAsync(cancellationToken))
                    {
                        await output.WriteLineAsync(message.GetString());
                        await output.FlushAsync(CancellationToken.None);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                }
            }, CancellationToken.None);

            await client.SendAsync(Encoding.UTF8.GetBytes(nick), cancellationToken);
            string? line;
            while ((line = await input.ReadLineAsync(cancellationToken)) is not null && client.IsConnected)
            {
                if (line.Length > 0)
                {
                    await client.SendAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
                }

                if (line == "/quit")
                {
                    break;
                }
            }

            using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            drain.CancelAfter(TimeSpan.FromSeconds(2));
            try
            {
                await printing.WaitAsync(drain.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        return 0;
    }

    private static bool TryClaimNick(MessageServer server, MessageConnection connection, string nick, out string? problem)
    {
        if (nick.Length > MaxNickLength || nick.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) || nick.StartsWith('/'))
        {
            problem = $"* invalid nickname (1-{MaxNickLength} characters, no spaces, not starting with /); try another";
            return false;
        }

        lock (server)
        {
            if (server.Connections.Any(c => c != connection && c.State is string other && string.Equals(other, nick, StringComparison.OrdinalIgnoreCase)))
            {
                problem = $"* nickname {nick} is taken; try another";
                return false;
            }

            connection.State = nick;
        }

        problem = null;
        return true;
    }

    private static string Others(MessageServer server, MessageConnection? except)
    {
        string[] names = server.Connections.Where(c => c != except && c.State is string).Select(c => (string)c.State!).Order(StringComparer.Ordinal).ToArray();
        return names.Length == 0 ? "nobody else is here" : "here: " + string.Join(", ", names);
    }
}
