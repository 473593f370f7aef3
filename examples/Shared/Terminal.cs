namespace Forensics.Net.Examples.Shared;

/// <summary>
/// What the process's terminal allows: colour only on a terminal and never with <c>NO_COLOR</c> set
/// (no-color.org); the width from <c>COLUMNS</c>, else the console window, else unbounded (redirected output
/// is never wrapped).
/// </summary>
internal static class Terminal
{
    /// <summary>The width used when the output is not a terminal and <c>COLUMNS</c> is not set.</summary>
    public const int UnboundedWidth = 4096;

    /// <summary>Gets whether stdout is a terminal.</summary>
    public static bool StdoutIsTerminal => !Console.IsOutputRedirected;

    /// <summary>Gets whether stderr is a terminal (progress is shown only there).</summary>
    public static bool StderrIsTerminal => !Console.IsErrorRedirected;

    /// <summary>Gets whether <c>NO_COLOR</c> is set to a non-empty value.</summary>
    public static bool NoColor => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>Whether to colour output written to a terminal (<paramref name="isTerminal"/>).</summary>
    public static bool UseColor(bool isTerminal) => isTerminal && !NoColor;

    /// <summary>The width to lay tables out in.</summary>
    public static int Width(bool isTerminal)
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), System.Globalization.CultureInfo.InvariantCulture, out int columns) && columns is >= 20 and <= 10_000)
        {
            return columns;
        }

        if (isTerminal)
        {
            try
            {
                if (Console.WindowWidth > 0)
                {
                    return Console.WindowWidth;
                }
            }
            catch (IOException)
            {
            }
        }

        return isTerminal ? 120 : UnboundedWidth;
    }
}
