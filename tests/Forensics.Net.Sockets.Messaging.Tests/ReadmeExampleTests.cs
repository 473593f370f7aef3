using System.Net;

namespace Forensics.Net.Sockets.Messaging.Tests;

/// <summary>The package README's example, verbatim apart from the assertion, so that it keeps compiling and working.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public async Task ReadmeExample_EchoesHello()
    {
        // Server: one async loop per connection, no thread per client; limits on by default.
        await using var server = new MessageServer(new IPEndPoint(IPAddress.Loopback, 0));
        server.Start(async (message, ct) =>
            await message.Connection!.ReplyAsync(message, message.Payload, ct));   // echo

        // Client: connect (timeout + retry with backoff), send one framed message, read the reply.
        await using MessageClient client = await MessageClient.ConnectAsync("127.0.0.1", server.LocalEndPoint!.Port);
        await client.SendAsync("Hello, server"u8.ToArray());
        using var timeout = TestSupport.Timeout();
        ReceivedMessage reply = await client.ReceiveAsync(timeout.Token);

        reply.GetString().Should().Be("Hello, server");
    }
}
