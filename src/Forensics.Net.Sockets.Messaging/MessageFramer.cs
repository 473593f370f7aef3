using System.Buffers;
using System.Buffers.Binary;

namespace Forensics.Net.Sockets.Messaging;

/// <summary>
/// Splits a byte stream into messages and frames outgoing messages: a 4-byte big-endian length prefix
/// (<see cref="LengthPrefixed"/>, the default), an unsigned LEB128 varint prefix (<see cref="VarintPrefixed"/>),
/// a delimiter (<see cref="Lines"/>, <see cref="Delimited"/>) or raw stream mode (<see cref="Raw"/>, each read is a message).
/// </summary>
/// <remarks>
/// <para>
/// TCP is a byte stream: one <c>recv</c> may return half a message or several messages. A framer restores the
/// message boundaries. <see cref="TryParse"/> follows the System.IO.Pipelines parser shape (Kestrel's HttpParser):
/// it returns <see langword="false"/> when it needs more data, and never allocates for the payload.
/// </para>
/// <para>
/// Every framer carries a <see cref="MaxMessageSize"/>. A length prefix above it, or a delimiter not found within it,
/// throws <see cref="MessageFramingException"/> as soon as the prefix has been read, before any buffer for the
/// claimed length is allocated.
/// </para>
/// Instances are immutable and thread-safe; share them between connections.
/// </remarks>
/// <example>
/// <code>
/// var framer = MessageFramer.LengthPrefixed(maxMessageSize: 64 * 1024);
/// ReadOnlySequence&lt;byte&gt; buffer = readResult.Buffer;
/// while (framer.TryParse(ref buffer, out ReadOnlySequence&lt;byte&gt; message))
/// {
///     Handle(message);
/// }
/// reader.AdvanceTo(buffer.Start, buffer.End);
/// </code>
/// </example>
public abstract class MessageFramer
{
    /// <summary>The default maximum message size: 1 MiB.</summary>
    public const int DefaultMaxMessageSize = 1024 * 1024;

    private protected MessageFramer(int maxMessageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageSize, 1);
        MaxMessageSize = maxMessageSize;
    }

    /// <summary>Gets the largest payload, in bytes, that this framer accepts or produces.</summary>
    public int MaxMessageSize { get; }

    /// <summary>Gets a short name of the framing for logs and command lines (<c>length</c>, <c>varint</c>, <c>line</c>, <c>delimiter</c>, <c>raw</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Creates a framer that prefixes each message with its length as a 4-byte big-endian unsigned integer (network byte order, RFC 1700).</summary>
    /// <param name="maxMessageSize">The largest payload accepted; a larger prefix throws <see cref="MessageFramingException"/>. Default 1 MiB.</param>
    /// <returns>The framer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMessageSize"/> is less than 1.</exception>
    public static MessageFramer LengthPrefixed(int maxMessageSize = DefaultMaxMessageSize) => new LengthPrefixFramer(maxMessageSize);

    /// <summary>Creates a framer that prefixes each message with its length as an unsigned LEB128 varint (as Protocol Buffers' length-delimited streams), at most 5 bytes.</summary>
    /// <param name="maxMessageSize">The largest payload accepted; a larger prefix throws <see cref="MessageFramingException"/>. Default 1 MiB.</param>
    /// <returns>The framer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMessageSize"/> is less than 1.</exception>
    public static MessageFramer VarintPrefixed(int maxMessageSize = DefaultMaxMessageSize) => new VarintFramer(maxMessageSize);

    /// <summary>
    /// Creates a framer for text lines: each message ends with <c>\n</c>; a <c>\r</c> before it is removed (CRLF tolerant, as telnet
    /// and RFC 5321-style protocols send). Outgoing messages get <c>\n</c> appended.
    /// </summary>
    /// <param name="maxMessageSize">The longest line accepted, without its terminator. Default 1 MiB.</param>
    /// <returns>The framer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMessageSize"/> is less than 1.</exception>
    public static MessageFramer Lines(int maxMessageSize = DefaultMaxMessageSize) => new DelimiterFramer("\n"u8, stripCarriageReturn: true, "line", maxMessageSize);

    /// <summary>Creates a framer that ends each message with <paramref name="delimiter"/> (for example <c>\0</c> or <c>\r\n</c>).</summary>
    /// <param name="delimiter">The delimiter bytes (1 to 16 bytes).</param>
    /// <param name="maxMessageSize">The longest message accepted, without the delimiter. Default 1 MiB.</param>
    /// <returns>The framer.</returns>
    /// <exception cref="ArgumentException"><paramref name="delimiter"/> is empty or longer than 16 bytes.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMessageSize"/> is less than 1.</exception>
    public static MessageFramer Delimited(ReadOnlySpan<byte> delimiter, int maxMessageSize = DefaultMaxMessageSize)
    {
        if (delimiter.IsEmpty || delimiter.Length > 16)
        {
            throw new ArgumentException("The delimiter must be 1 to 16 bytes long.", nameof(delimiter));
        }

        return new DelimiterFramer(delimiter, stripCarriageReturn: false, "delimiter", maxMessageSize);
    }

    /// <summary>
    /// Creates a framer for raw stream mode: whatever bytes have arrived form one message (at most
    /// <paramref name="maxMessageSize"/> bytes each), and outgoing messages are written unchanged. This is how the course's
    /// Python scripts, netcat and telnet talk; message boundaries are not preserved by TCP in this mode.
    /// </summary>
    /// <param name="maxMessageSize">The largest chunk delivered as one message; more data is delivered as several messages. Default 1 MiB.</param>
    /// <returns>The framer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxMessageSize"/> is less than 1.</exception>
    public static MessageFramer Raw(int maxMessageSize = DefaultMaxMessageSize) => new RawFramer(maxMessageSize);

    /// <summary>
    /// Creates a framer from its command-line name: <c>length</c>, <c>varint</c>, <c>line</c> (or <c>lines</c>), <c>raw</c>.
    /// </summary>
    /// <param name="name">The name, case-insensitive.</param>
    /// <param name="maxMessageSize">The largest payload accepted.</param>
    /// <returns>The framer.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of the names above.</exception>
    public static MessageFramer Parse(string name, int maxMessageSize = DefaultMaxMessageSize)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.ToUpperInvariant() switch
        {
            "LENGTH" => LengthPrefixed(maxMessageSize),
            "VARINT" => VarintPrefixed(maxMessageSize),
            "LINE" or "LINES" => Lines(maxMessageSize),
            "RAW" => Raw(maxMessageSize),
            _ => throw new ArgumentException($"Unknown framing '{name}' (expected length, varint, line or raw).", nameof(name)),
        };
    }

    /// <summary>
    /// Tries to take one complete message from the start of <paramref name="buffer"/>.
    /// </summary>
    /// <param name="buffer">The received bytes; on success it is advanced past the frame.</param>
    /// <param name="message">The payload (a slice of <paramref name="buffer"/>, not a copy) when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> when a complete message was taken; <see langword="false"/> when more data is needed (nothing is consumed).</returns>
    /// <exception cref="MessageFramingException">The frame is invalid: a length prefix above <see cref="MaxMessageSize"/>, a varint longer
    /// than 5 bytes, or no delimiter within <see cref="MaxMessageSize"/> bytes. <see cref="MessageFramingException.Offset"/> is relative to the start of <paramref name="buffer"/>.</exception>
    /// <remarks>No throwing <c>Parse</c>: this is the pipelines shape (Kestrel's <c>HttpParser</c>): <see langword="false"/> means "need more bytes", which is the normal state of a stream; a frame that can never be valid throws <see cref="MessageFramingException"/>.</remarks>
    public abstract bool TryParse(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message);

    /// <summary>Gets the number of bytes the frame for a payload of <paramref name="payloadLength"/> bytes occupies on the wire.</summary>
    /// <param name="payloadLength">The payload length.</param>
    /// <returns>The frame length.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payloadLength"/> is negative or above <see cref="MaxMessageSize"/>.</exception>
    public int GetFrameLength(int payloadLength)
    {
        if ((uint)payloadLength > (uint)MaxMessageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(payloadLength), payloadLength, $"The message is larger than the maximum message size ({MaxMessageSize} bytes).");
        }

        return GetPrefixLength(payloadLength) + payloadLength + SuffixLength;
    }

    /// <summary>Writes the frame for <paramref name="payload"/> (prefix, payload, suffix) into <paramref name="destination"/>.</summary>
    /// <param name="payload">The message.</param>
    /// <param name="destination">Where to write; at least <see cref="GetFrameLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than <see cref="MaxMessageSize"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small, or a delimited payload contains the delimiter.</exception>
    public int WriteFrame(ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        int length = GetFrameLength(payload.Length);
        if (destination.Length < length)
        {
            throw new ArgumentException("The destination is too small for the frame.", nameof(destination));
        }

        ValidatePayload(payload);
        int prefix = WritePrefix(payload.Length, destination);
        payload.CopyTo(destination[prefix..]);
        WriteSuffix(destination[(prefix + payload.Length)..]);
        return length;
    }

    /// <summary>Returns the frame for <paramref name="payload"/> as a new array (convenient for tests and raw peers).</summary>
    /// <param name="payload">The message.</param>
    /// <returns>The framed bytes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="payload"/> is larger than <see cref="MaxMessageSize"/>.</exception>
    /// <exception cref="ArgumentException">A delimited payload contains the delimiter.</exception>
    public byte[] Frame(ReadOnlySpan<byte> payload)
    {
        byte[] frame = new byte[GetFrameLength(payload.Length)];
        WriteFrame(payload, frame);
        return frame;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} (max {MaxMessageSize} bytes)";

    internal abstract int GetPrefixLength(int payloadLength);

    internal virtual int SuffixLength => 0;

    internal abstract int WritePrefix(int payloadLength, Span<byte> destination);

    internal virtual void WriteSuffix(Span<byte> destination)
    {
    }

    internal virtual void ValidatePayload(ReadOnlySpan<byte> payload)
    {
    }

    internal virtual void ValidatePayload(in ReadOnlySequence<byte> payload)
    {
    }

    private protected MessageFramingException TooLarge(long claimed, long offset) =>
        new($"The {Name} frame claims {claimed} bytes, above the maximum message size of {MaxMessageSize} bytes", offset);
}

/// <summary>4-byte big-endian length prefix.</summary>
internal sealed class LengthPrefixFramer(int maxMessageSize) : MessageFramer(maxMessageSize)
{
    public override string Name => "length";

    public override bool TryParse(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        uint length;
        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= 4)
        {
            length = BinaryPrimitives.ReadUInt32BigEndian(first);
        }
        else
        {
            if (buffer.Length < 4)
            {
                message = default;
                return false;
            }

            Span<byte> prefix = stackalloc byte[4];
            buffer.Slice(0, 4).CopyTo(prefix);
            length = BinaryPrimitives.ReadUInt32BigEndian(prefix);
        }

        if (length > (uint)MaxMessageSize)
        {
            throw TooLarge(length, 0);
        }

        if (buffer.Length - 4 < length)
        {
            message = default;
            return false;
        }

        message = buffer.Slice(4, length);
        buffer = buffer.Slice(message.End);
        return true;
    }

    internal override int GetPrefixLength(int payloadLength) => 4;

    internal override int WritePrefix(int payloadLength, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)payloadLength);
        return 4;
    }
}

/// <summary>Unsigned LEB128 varint prefix (at most 5 bytes for a 32-bit length).</summary>
internal sealed class VarintFramer(int maxMessageSize) : MessageFramer(maxMessageSize)
{
    private const int MaxVarintBytes = 5;

    public override string Name => "varint";

    public override bool TryParse(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        ulong length = 0;
        int count = 0;
        bool complete = false;
        foreach (ReadOnlyMemory<byte> segment in buffer)
        {
            foreach (byte b in segment.Span)
            {
                length |= (ulong)(b & 0x7F) << (7 * count);
                count++;
                if ((b & 0x80) == 0)
                {
                    complete = true;
                    break;
                }

                if (count == MaxVarintBytes)
                {
                    throw new MessageFramingException($"The varint length prefix is longer than {MaxVarintBytes} bytes", 0);
                }
            }

            if (complete)
            {
                break;
            }
        }

        if (count > 0 && length > (ulong)MaxMessageSize)
        {
            // Reject as soon as the prefix shows the claim is too large, even if the prefix is not complete yet.
            throw TooLarge((long)length, 0);
        }

        if (!complete || buffer.Length - count < (long)length)
        {
            message = default;
            return false;
        }

        message = buffer.Slice(count, (long)length);
        buffer = buffer.Slice(message.End);
        return true;
    }

    internal override int GetPrefixLength(int payloadLength)
    {
        int bytes = 1;
        for (uint v = (uint)payloadLength; v >= 0x80; v >>= 7)
        {
            bytes++;
        }

        return bytes;
    }

    internal override int WritePrefix(int payloadLength, Span<byte> destination)
    {
        uint v = (uint)payloadLength;
        int i = 0;
        while (v >= 0x80)
        {
            destination[i++] = (byte)(v | 0x80);
            v >>= 7;
        }

        destination[i++] = (byte)v;
        return i;
    }
}

/// <summary>Delimiter-terminated messages (lines).</summary>
internal sealed class DelimiterFramer : MessageFramer
{
    private readonly byte[] _delimiter;
    private readonly bool _stripCarriageReturn;

    public DelimiterFramer(ReadOnlySpan<byte> delimiter, bool stripCarriageReturn, string name, int maxMessageSize)
        : base(maxMessageSize)
    {
        _delimiter = delimiter.ToArray();
        _stripCarriageReturn = stripCarriageReturn;
        Name = name;
    }

    public override string Name { get; }

    internal override int SuffixLength => _delimiter.Length;

    public override bool TryParse(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        // Search at most MaxMessageSize (+ CR + delimiter) bytes so that a peer that never sends the
        // delimiter is rejected instead of making the connection buffer grow without bound.
        long maxWindow = (long)MaxMessageSize + _delimiter.Length + (_stripCarriageReturn ? 1 : 0);
        ReadOnlySequence<byte> searched = buffer.Length > maxWindow ? buffer.Slice(0, maxWindow) : buffer;
        SequencePosition? end = null;
        if (searched.IsSingleSegment)
        {
            int index = searched.FirstSpan.IndexOf(_delimiter);
            if (index >= 0)
            {
                end = searched.GetPosition(index);
            }
        }
        else
        {
            var reader = new SequenceReader<byte>(searched);
            if (reader.TryReadTo(out ReadOnlySequence<byte> _, _delimiter, advancePastDelimiter: false))
            {
                end = reader.Position;
            }
        }

        if (end is null)
        {
            if (buffer.Length >= maxWindow)
            {
                throw new MessageFramingException($"No {Name} delimiter within the maximum message size of {MaxMessageSize} bytes", MaxMessageSize);
            }

            message = default;
            return false;
        }

        message = buffer.Slice(0, end.Value);
        buffer = buffer.Slice(buffer.GetPosition(_delimiter.Length, end.Value));
        if (_stripCarriageReturn && message.Length > 0)
        {
            ReadOnlySequence<byte> last = message.Slice(message.Length - 1);
            if (last.FirstSpan[0] == (byte)'\r')
            {
                message = message.Slice(0, message.Length - 1);
            }
        }

        if (message.Length > MaxMessageSize)
        {
            throw TooLarge(message.Length, 0);
        }

        return true;
    }

    internal override int GetPrefixLength(int payloadLength) => 0;

    internal override int WritePrefix(int payloadLength, Span<byte> destination) => 0;

    internal override void WriteSuffix(Span<byte> destination) => _delimiter.CopyTo(destination);

    internal override void ValidatePayload(ReadOnlySpan<byte> payload)
    {
        if (payload.IndexOf(_delimiter) >= 0)
        {
            throw new ArgumentException($"The message contains the {Name} delimiter, which would split it in two on the receiving side.", nameof(payload));
        }
    }

    internal override void ValidatePayload(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            ValidatePayload(payload.FirstSpan);
            return;
        }

        var reader = new SequenceReader<byte>(payload);
        if (reader.TryReadTo(out ReadOnlySequence<byte> _, _delimiter))
        {
            throw new ArgumentException($"The message contains the {Name} delimiter, which would split it in two on the receiving side.", nameof(payload));
        }
    }
}

/// <summary>Raw stream mode: whatever has arrived is one message.</summary>
internal sealed class RawFramer(int maxMessageSize) : MessageFramer(maxMessageSize)
{
    public override string Name => "raw";

    public override bool TryParse(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> message)
    {
        if (buffer.IsEmpty)
        {
            message = default;
            return false;
        }

        message = buffer.Length > MaxMessageSize ? buffer.Slice(0, MaxMessageSize) : buffer;
        buffer = buffer.Slice(message.End);
        return true;
    }

    internal override int GetPrefixLength(int payloadLength) => 0;

    internal override int WritePrefix(int payloadLength, Span<byte> destination) => 0;
}
