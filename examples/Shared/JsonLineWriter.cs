using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Forensics.Net.Examples.Shared;

/// <summary>
/// JSON Lines for per-item output: <see cref="Begin"/> starts an object, the caller writes snake_case keys,
/// <see cref="End"/> writes it as one line. Non-ASCII and '+', '&lt;' stay readable (output goes to a terminal or
/// a JSON consumer, never into HTML). Enums are written as snake_case strings with <see cref="Name"/>.
/// </summary>
internal sealed class JsonLineWriter : IDisposable
{
    /// <summary>The writer options every app uses.</summary>
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _buffer = new(512);
    private readonly Utf8JsonWriter _json;
    private readonly TextWriter _output;

    public JsonLineWriter(TextWriter output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    /// <summary>Starts a new object and returns the writer for its members.</summary>
    public Utf8JsonWriter Begin()
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        return _json;
    }

    /// <summary>Ends the object and writes it as one line.</summary>
    public void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        _output.WriteLine(Encoding.UTF8.GetString(_buffer.WrittenSpan));
    }

    /// <summary>An enum value as a snake_case string (<c>KnownBad</c> → <c>known_bad</c>).</summary>
    public static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    /// <summary>A [Flags] enum value as an array of snake_case strings (empty for 0).</summary>
    public static void WriteFlags<T>(Utf8JsonWriter writer, string name, T value)
        where T : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray(name);
        ulong bits = Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        foreach (T flag in Enum.GetValues<T>())
        {
            ulong f = Convert.ToUInt64(flag, System.Globalization.CultureInfo.InvariantCulture);
            if (f != 0 && (bits & f) == f && ulong.IsPow2(f))
            {
                writer.WriteStringValue(Name(flag));
            }
        }

        writer.WriteEndArray();
    }

    public void Dispose() => _json.Dispose();
}
