using Spectre.Console;

namespace Forensics.Net.Examples.Shared;

/// <summary>
/// Spectre.Console tables for the apps that print them: sized to the terminal (<c>COLUMNS</c>), colour only on a
/// terminal and never with <c>NO_COLOR</c>; redirected output gets plain, unwrapped text.
/// </summary>
internal static class TableConsole
{
    /// <summary>Creates a console writing to <paramref name="output"/>.</summary>
    public static IAnsiConsole Create(TextWriter output, bool isTerminal)
    {
        bool color = Terminal.UseColor(isTerminal);
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = Terminal.Width(isTerminal);
        return console;
    }

    /// <summary>
    /// Writes <paramref name="table"/> sized to the terminal; without colour each line is written without the
    /// trailing padding (grep- and diff-friendly), and the table always ends with a newline.
    /// </summary>
    public static void Write(TextWriter output, bool isTerminal, Table table)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Terminal.UseColor(isTerminal))
        {
            IAnsiConsole console = Create(output, isTerminal);
            console.Write(table);
            console.WriteLine();
            return;
        }

        var text = new StringWriter();
        Create(text, isTerminal).Write(table);
        foreach (string line in text.ToString().Split('\n'))
        {
            string trimmed = line.TrimEnd();
            if (trimmed.Length > 0)
            {
                output.WriteLine(trimmed);
            }
        }
    }

    /// <summary>A borderless table whose columns are separated by two spaces and whose first column starts the line (a leading '&gt;' right-aligns a column).</summary>
    public static Table Plain(params string[] headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var table = new Table().NoBorder();
        for (int i = 0; i < headers.Length; i++)
        {
            string header = headers[i];
            bool right = header.StartsWith('>');
            var column = new TableColumn(Markup.Escape(right ? header[1..] : header)).Padding(0, 0, i == headers.Length - 1 ? 0 : 2, 0);
            table.AddColumn(right ? column.RightAligned() : column);
        }

        return table;
    }
}
