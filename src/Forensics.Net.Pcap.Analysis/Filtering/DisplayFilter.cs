using System.Diagnostics.CodeAnalysis;
using Forensics.Net.Pcap.Analysis.Internal;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// A compiled Wireshark display filter (the language of <c>tshark -Y</c>, wireshark-filter(4), 4.x) evaluated on
/// frames from a <see cref="FrameDissector"/>.
/// </summary>
/// <remarks>
/// <para>Grammar: field and protocol presence (<c>tcp</c>, <c>tcp.flags.syn</c>); comparisons <c>== != &gt; &lt; &gt;= &lt;=</c> and
/// <c>eq ne gt lt ge le</c>; <c>===</c>/<c>all_eq</c> and <c>!==</c>/<c>any_ne</c>; <c>any</c>/<c>all</c> modifiers;
/// <c>contains</c>; <c>matches</c>/<c>~</c> (case-insensitive .NET regular expression, linear-time engine or a 200 ms
/// match timeout); <c>in {…}</c> with ranges <c>a..b</c>; <c>&amp;&amp; || !</c>, <c>and or not</c>, parentheses; slices
/// <c>[i:j] [i-j] [i] [:j] [i:]</c> with negative offsets and comma lists; bitwise <c>&amp;</c> and arithmetic
/// <c>+ - * / %</c> with <c>{…}</c> grouping; functions <c>len count lower upper string abs max min</c>; string escapes
/// of 4.x (<c>\n \t \" \\ \xNN \NNN \uNNNN …</c>) and raw strings <c>r"…"</c>.</para>
/// <para>Documented differences from tshark 4.0: an unknown escape such as <c>\.</c> is accepted and kept as written
/// (backslash included) so the regex <c>"http://.*\.gif.*"</c> of pre-4.0 guides works (tshark 4.0 rejects it);
/// <c>^^</c>/<c>xor</c> (Wireshark 4.2) and whitespace-separated sets <c>{80 443}</c> (3.x and 4.2) are accepted; the
/// layer operator <c>#</c>, field references <c>${…}</c> and host names as addresses are rejected.</para>
/// <para>Limits: filters longer than 65,536 characters or nested deeper than 200 levels are rejected with a
/// <see cref="DisplayFilterException"/>, never a stack overflow. A compiled filter is immutable; <see cref="Matches"/>
/// may run on several threads with different dissectors.</para>
/// </remarks>
/// <example>
/// <code>
/// var filter = DisplayFilter.Parse("http.request.method==GET &amp;&amp; http.request.full_uri matches \"http://.*\\.gif.*\"");
/// var dissector = new FrameDissector();
/// foreach (CaptureRecord record in CaptureReader.Open("capture.pcap").ReadAll())
///     if (filter.Matches(dissector.Dissect(record))) Console.WriteLine(record.Number);
/// </code>
/// </example>
public sealed class DisplayFilter
{
    private readonly BoolNode _root;

    private DisplayFilter(string text, BoolNode root)
    {
        Text = text;
        _root = root;
        UsesApplicationLayers = root.UsesApplication;
    }

    /// <summary>Gets the filter text as given.</summary>
    public string Text { get; }

    /// <summary>
    /// Gets a value indicating whether the filter reads HTTP, TLS or DNS fields, i.e. needs a dissector with
    /// <see cref="FrameDissectorOptions.DissectApplicationLayers"/>.
    /// </summary>
    public bool UsesApplicationLayers { get; }

    /// <summary>Compiles a display filter.</summary>
    /// <param name="text">The filter, e.g. <c>tcp.port == 80 &amp;&amp; tcp.flags.syn == 1</c>.</param>
    /// <returns>The compiled filter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="DisplayFilterException">The filter is not valid; the exception gives the column and what was expected.</exception>
    public static DisplayFilter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Syn syntax = FilterParser.Parse(text);
        BoolNode root = new FilterCompiler(text).CompileTest(syntax);
        return new DisplayFilter(text, root);
    }

    /// <summary>Compiles a display filter, reporting failure instead of throwing.</summary>
    /// <param name="text">The filter.</param>
    /// <param name="filter">The compiled filter, or <see langword="null"/>.</param>
    /// <returns><see langword="true"/> when the filter is valid.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DisplayFilter? filter) => TryParse(text, out filter, out _);

    /// <summary>Compiles a display filter, reporting failure and its reason instead of throwing.</summary>
    /// <param name="text">The filter.</param>
    /// <param name="filter">The compiled filter, or <see langword="null"/>.</param>
    /// <param name="error">The reason when the filter is not valid.</param>
    /// <returns><see langword="true"/> when the filter is valid.</returns>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DisplayFilter? filter, out DisplayFilterException? error)
    {
        filter = null;
        error = null;
        if (text is null)
        {
            error = new DisplayFilterException("The filter is null.");
            return false;
        }

        try
        {
            filter = Parse(text);
            return true;
        }
        catch (DisplayFilterException ex)
        {
            error = ex;
            return false;
        }
    }

    /// <summary>Tests a frame. Never throws for malformed packets: fields that are not there are absent.</summary>
    /// <param name="frame">A frame from a <see cref="FrameDissector"/>.</param>
    /// <returns><see langword="true"/> when the frame passes the filter.</returns>
    public bool Matches(scoped in DissectedFrame frame) => _root.Eval(frame);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
