using System.Net;
using System.Net.Sockets;

namespace Forensics.Net.Sockets.Messaging.Tests;

public class UdpTests
{
    [Fact]
    public async Task Datagram_RoundTrip_CarriesSender()
    {
        using var cts = TestSupport.Timeout();
        using var server = new UdpMessageEndpoint(TestSupport.AnyLoopback);
        using var client = new UdpMessageEndpoint(TestSupport.AnyLoopback);

        await client.SendAsync("hello"u8.ToArray(), server.LocalEndPoint, cts.Token);
        ReceivedMessage request = await server.ReceiveAsync(cts.Token);
        await server.SendAsync(request.ToArray(), request.RemoteEndPoint!, cts.Token);
        ReceivedMessage reply = await client.ReceiveAsync(cts.Token);

        request.GetString().Should().Be("hello");
        request.Connection.Should().BeNull();
        ((IPEndPoint)request.RemoteEndPoint!).Port.Should().Be(client.LocalEndPoint.Port);
        reply.GetString().Should().Be("hello");
    }

    [Fact]
    public async Task OversizedDatagram_IsDroppedAndNextOneDelivered()
    {
        using var cts = TestSupport.Timeout();
        using var server = new UdpMessageEndpoint(TestSupport.AnyLoopback, maxDatagramSize: 100);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

        await raw.SendToAsync(new byte[101], SocketFlags.None, server.LocalEndPoint, cts.Token);
        await raw.SendToAsync("small"u8.ToArray(), SocketFlags.None, server.LocalEndPoint, cts.Token);

        (await server.ReceiveAsync(cts.Token)).GetString().Should().Be("small");
    }

    [Fact]
    public async Task Send_AboveMaxDatagramSize_IsRejected()
    {
        using var endpoint = new UdpMessageEndpoint(TestSupport.AnyLoopback, maxDatagramSize: 10);

        await FluentActions.Awaiting(async () => await endpoint.SendAsync(new byte[11], endpoint.LocalEndPoint)).Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task ReadAllAsync_YieldsEachDatagramAsOneMessage()
    {
        using var cts = TestSupport.Timeout();
        using var server = new UdpMessageEndpoint(TestSupport.AnyLoopback);
        using var client = new UdpMessageEndpoint(TestSupport.AnyLoopback);
        for (int i = 0; i < 3; i++)
        {
            await client.SendAsync(new byte[] { (byte)i, (byte)i }, server.LocalEndPoint, cts.Token);
        }

        var got = new List<byte[]>();
        await foreach (ReceivedMessage message in server.ReadAllAsync(cts.Token))
        {
            got.Add(message.ToArray());
            if (got.Count == 3)
            {
                break;
            }
        }

        got.Should().BeEquivalentTo(new[] { new byte[] { 0, 0 }, [1, 1], [2, 2] });
    }
}
