using System.Buffers;
using System.Text;
using CsCheck;

namespace Forensics.Net.Sockets.Messaging.Tests;

public class FramingTests
{
    public static TheoryData<string> FramerNames => new() { "length", "varint", "line" };

    private static MessageFramer Create(string name, int max = MessageFramer.DefaultMaxMessageSize) => MessageFramer.Parse(name, max);

    [Theory]
    [MemberData(nameof(FramerNames))]
    public void FrameThenParse_RoundTripsSeveralMessagesInOneSegment(string name)
    {
        MessageFramer framer = Create(name);
        byte[][] payloads = ["hello"u8.ToArray(), [], "a longer message with spaces"u8.ToArray(), new byte[300]];
        byte[] wire = payloads.SelectMany(p => framer.Frame(p)).ToArray();

        var buffer = new ReadOnlySequence<byte>(wire);
        var parsed = new List<byte[]>();
        while (framer.TryParse(ref buffer, out ReadOnlySequence<byte> message))
        {
            parsed.Add(message.ToArray());
        }

        buffer.Length.Should().Be(0);
        parsed.Should().BeEquivalentTo(payloads, o => o.WithStrictOrdering());
    }

    [Theory]
    [MemberData(nameof(FramerNames))]
    public void TryParse_TruncatedAtEveryLength_ReturnsFalseAndConsumesNothing(string name)
    {
        MessageFramer framer = Create(name);
        byte[] frame = framer.Frame(Encoding.ASCII.GetBytes(new string('x', 200)));
        for (int cut = 0; cut < frame.Length; cut++)
        {
            var buffer = new ReadOnlySequence<byte>(frame, 0, cut);
            framer.TryParse(ref buffer, out _).Should().BeFalse($"{cut} of {frame.Length} bytes is not a whole frame");
            buffer.Length.Should().Be(cut);
        }
    }

    [Theory]
    [MemberData(nameof(FramerNames))]
    public void TryParse_MessageSplitAcrossManySegments_ArrivesWhole(string name)
    {
        MessageFramer framer = Create(name);
        byte[] payload = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789", 50_000)));
        byte[] frame = framer.Frame(payload);
        List<byte[]> chunks = TestSupport.Split(frame, Enumerable.Range(1, frame.Length / 1024).Select(i => i * 1024 - 3));

        TestSupport.ParseIncrementally(framer, chunks).Should().ContainSingle().Which.Should().Equal(payload);
    }

    [Theory]
    [InlineData("length", "FFFFFFFF", "2^32-1 claimed")]
    [InlineData("length", "7FFFFFFF", "2 GiB claimed")]
    [InlineData("length", "00100001", "1 MiB + 1 claimed")]
    [InlineData("varint", "FFFFFFFF0F", "2^32-1 as varint")]
    [InlineData("varint", "8180C000", "1 MiB + 1 as varint")]
    [InlineData("varint", "FFFFFFFFFF01", "varint longer than 5 bytes")]
    public void TryParse_HostilePrefix_ThrowsWithoutAllocatingTheClaim(string name, string hex, string because)
    {
        MessageFramer framer = Create(name);
        byte[] wire = Convert.FromHexString(hex);

        long before = GC.GetAllocatedBytesForCurrentThread();
        MessageFramingException? caught = null;
        try
        {
            var buffer = new ReadOnlySequence<byte>(wire);
            framer.TryParse(ref buffer, out _);
        }
        catch (MessageFramingException ex)
        {
            caught = ex;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        caught.Should().NotBeNull(because);
        caught!.Offset.Should().Be(0);
        allocated.Should().BeLessThan(64 * 1024, "only the exception is allocated, never the claimed length");
    }

    [Fact]
    public void TryParse_VarintPrefixAboveLimit_ThrowsBeforeThePrefixIsComplete()
    {
        MessageFramer framer = MessageFramer.VarintPrefixed(maxMessageSize: 100);
        var buffer = new ReadOnlySequence<byte>([0xFF, 0xFF]);

        FluentActions.Invoking(() => framer.TryParse(ref buffer, out _)).Should().Throw<MessageFramingException>();
    }

    [Theory]
    [InlineData("0000000568656C6C6F", "hello", "length 5")]
    [InlineData("0568656C6C6F", "hello", "varint 5")]
    [InlineData("68656C6C6F0D0A", "hello", "line with CRLF")]
    [InlineData("68656C6C6F0A", "hello", "line with LF")]
    [InlineData("0A", "", "empty line")]
    [InlineData("0D0A", "", "empty CRLF line")]
    public void TryParse_KnownWire_GivesPayload(string hex, string expected, string label)
    {
        MessageFramer framer = label.StartsWith("length", StringComparison.Ordinal) ? MessageFramer.LengthPrefixed()
            : label.StartsWith("varint", StringComparison.Ordinal) ? MessageFramer.VarintPrefixed()
            : MessageFramer.Lines();
        var buffer = new ReadOnlySequence<byte>(Convert.FromHexString(hex));

        framer.TryParse(ref buffer, out ReadOnlySequence<byte> message).Should().BeTrue(label);
        Encoding.ASCII.GetString(message.ToArray()).Should().Be(expected);
        buffer.Length.Should().Be(0);
    }

    [Fact]
    public void Lines_NoDelimiterWithinLimit_Throws()
    {
        MessageFramer framer = MessageFramer.Lines(maxMessageSize: 16);
        var buffer = new ReadOnlySequence<byte>(new byte[18]);

        FluentActions.Invoking(() => framer.TryParse(ref buffer, out _)).Should().Throw<MessageFramingException>().Which.Offset.Should().Be(16);
    }

    [Fact]
    public void Lines_MessageExactlyAtLimitWithCrLf_IsAccepted()
    {
        MessageFramer framer = MessageFramer.Lines(maxMessageSize: 4);
        var buffer = new ReadOnlySequence<byte>("abcd\r\n"u8.ToArray());

        framer.TryParse(ref buffer, out ReadOnlySequence<byte> message).Should().BeTrue();
        message.ToArray().Should().Equal("abcd"u8.ToArray());
    }

    [Fact]
    public void Delimited_MultiByteDelimiterAcrossSegments_IsFound()
    {
        MessageFramer framer = MessageFramer.Delimited("\r\n\r\n"u8);
        List<byte[]> chunks = [.. "GET / HTTP/1.0\r\n\r"u8.ToArray().Select(b => new[] { b }), "\n"u8.ToArray()];

        TestSupport.ParseIncrementally(framer, chunks).Should().ContainSingle().Which.Should().Equal("GET / HTTP/1.0"u8.ToArray());
    }

    [Fact]
    public void Frame_DelimitedPayloadContainingDelimiter_IsRejected()
    {
        FluentActions.Invoking(() => MessageFramer.Lines().Frame("two\nlines"u8)).Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Frame_PayloadAboveMax_IsRejected()
    {
        FluentActions.Invoking(() => MessageFramer.LengthPrefixed(10).Frame(new byte[11])).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Raw_EachReadIsAMessage_ChunkedAtMax()
    {
        MessageFramer framer = MessageFramer.Raw(maxMessageSize: 4);
        var buffer = new ReadOnlySequence<byte>("abcdefghij"u8.ToArray());
        var parsed = new List<string>();
        while (framer.TryParse(ref buffer, out ReadOnlySequence<byte> message))
        {
            parsed.Add(Encoding.ASCII.GetString(message.ToArray()));
        }

        parsed.Should().Equal("abcd", "efgh", "ij");
        MessageFramer.Raw().Frame("as is"u8).Should().Equal("as is"u8.ToArray());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(127, 1)]
    [InlineData(128, 2)]
    [InlineData(16_383, 2)]
    [InlineData(16_384, 3)]
    [InlineData(1 << 20, 3)]
    public void Varint_PrefixLength_MatchesLeb128(int length, int prefixBytes)
    {
        MessageFramer.VarintPrefixed(1 << 21).GetFrameLength(length).Should().Be(length + prefixBytes);
    }

    [Fact]
    public void Parse_UnknownName_Throws()
    {
        FluentActions.Invoking(() => MessageFramer.Parse("morse")).Should().Throw<ArgumentException>();
    }

    [Theory]
    [MemberData(nameof(FramerNames))]
    public void Property_FrameThenUnframe_OverRandomSplits_GivesTheSameMessages(string name)
    {
        MessageFramer framer = Create(name, max: 4096);
        Gen<byte[]> payload = name == "line"
            ? Gen.Byte[0x20, 0x7E].Array[0, 600]
            : Gen.Byte.Array[0, 600];
        Gen.Select(payload.List[0, 12], Gen.Int[1, 4000].Array[0, 20]).Sample((messages, cuts) =>
        {
            byte[] wire = messages.SelectMany(m => framer.Frame(m)).ToArray();
            List<byte[]> parsed = TestSupport.ParseIncrementally(framer, TestSupport.Split(wire, cuts));
            return parsed.Count == messages.Count && parsed.Zip(messages).All(p => p.First.AsSpan().SequenceEqual(p.Second));
        }, iter: 300);
    }

    [Fact]
    public void FlippedBytes_InLengthFramedStream_GiveMessagesOrTypedErrorOnly()
    {
        MessageFramer framer = MessageFramer.LengthPrefixed(maxMessageSize: 1024);
        byte[] wire = new[] { "alpha"u8.ToArray(), "beta"u8.ToArray(), new byte[100] }.SelectMany(p => framer.Frame(p)).ToArray();
        for (int i = 0; i < wire.Length; i++)
        {
            byte[] damaged = (byte[])wire.Clone();
            damaged[i] ^= 0xFF;
            var buffer = new ReadOnlySequence<byte>(damaged);
            try
            {
                while (framer.TryParse(ref buffer, out ReadOnlySequence<byte> message))
                {
                    message.Length.Should().BeLessThanOrEqualTo(1024);
                }
            }
            catch (MessageFramingException)
            {
                // The documented error for a prefix above the limit.
            }
        }
    }
}
