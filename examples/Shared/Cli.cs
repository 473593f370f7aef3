using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Numerics;
using System.Reflection;

namespace Forensics.Net.Examples.Shared;

/// <summary>
/// The one command-line convention of the example apps, written once: System.CommandLine parses; <c>--help</c>
/// and <c>--version</c> print on stdout with exit 0; a usage error is one line on stderr with exit 2; an
/// unexpected exception is one line on stderr with exit 2, never a stack trace.
/// </summary>
internal static class Cli
{
    /// <summary>Gets the installed command name (<c>fnet-…</c>), recorded by the build as assembly metadata.</summary>
    public static string ToolName { get; } =
        typeof(Cli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "ToolCommandName")?.Value
        ?? typeof(Cli).Assembly.GetName().Name!.ToLowerInvariant();

    /// <summary>Creates the root command, named after the tool, with <c>-h/--help</c>, <c>--version</c> and <paramref name="symbols"/>.</summary>
    public static Command CreateCommand(string description, params Symbol[] symbols)
    {
        var command = new Command(ToolName, description + "\n\nExit codes: 0 success / nothing found, 1 findings, 2 usage or I/O error.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        foreach (Symbol symbol in symbols)
        {
            switch (symbol)
            {
                case Option option: command.Add(option); break;
                case Argument argument: command.Add(argument); break;
                case Command sub: command.Add(sub); break;
            }
        }

        return command;
    }

    /// <summary>
    /// Parses <paramref name="args"/>. Returns <see langword="false"/> when the run ends here: help or version printed
    /// (exit 0) or a usage error reported as one line (exit 2); <paramref name="exitCode"/> holds the code.
    /// </summary>
    public static bool TryParse(Command command, string[] args, TextWriter stdout, TextWriter stderr, out ParseResult result, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(args);
        result = command.Parse(args);

        // The apps set no actions of their own: an action without errors is --help or --version.
        if (result.Errors.Count == 0 && result.Action is not null)
        {
            exitCode = result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
            return false;
        }

        string? error = UnknownOption(result) ?? (result.Errors.Count > 0 ? Describe(result.Errors[0]) : null);
        if (error is not null)
        {
            exitCode = Usage(stderr, error);
            return false;
        }

        exitCode = ExitCodes.Success;
        return true;
    }

    /// <summary>Reports a usage error as one line on stderr and returns <see cref="ExitCodes.Error"/>.</summary>
    public static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"{ToolName}: {OneLine(message).TrimEnd('.')}; see '{ToolName} --help' for usage");
        return ExitCodes.Error;
    }

    /// <summary>Reports an error about <paramref name="subject"/> (a path, a host) as one line on stderr.</summary>
    public static void Error(TextWriter stderr, string subject, string message) =>
        stderr.WriteLine($"{ToolName}: {OneLine(subject)}: {OneLine(message)}");

    /// <summary>Runs the body of a command; any exception becomes one line on stderr and exit 2 (no stack trace).</summary>
    public static int Run(TextWriter stderr, Func<int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            stderr.WriteLine($"{ToolName}: {OneLine(ex.Message)}");
            return ExitCodes.Error;
        }
    }

    /// <summary>The asynchronous form of <see cref="Run"/>; cancellation (Ctrl+C) ends with exit 0.</summary>
    public static async Task<int> RunAsync(TextWriter stderr, Func<Task<int>> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await stderr.WriteLineAsync($"{ToolName}: {OneLine(ex.Message)}").ConfigureAwait(false);
            return ExitCodes.Error;
        }
    }

    /// <summary>Adds a range check to a numeric option: a value outside [min, max] is a usage error.</summary>
    public static Option<T> InRange<T>(this Option<T> option, T min, T max)
        where T : INumber<T>
    {
        ArgumentNullException.ThrowIfNull(option);
        option.Validators.Add(r =>
        {
            if (r.Tokens.Count == 0)
            {
                return;
            }

            T v;
            try
            {
                v = r.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return; // not a number at all: System.CommandLine reports that itself
            }

            if (v < min || v > max)
            {
                r.AddError($"{option.Name} must be from {min} to {max}, not {v}");
            }
        });
        return option;
    }

    /// <summary>Restricts a string option to a fixed set of values (listed in --help).</summary>
    public static Option<string> OneOf(this Option<string> option, params string[] values)
    {
        ArgumentNullException.ThrowIfNull(option);
        option.AcceptOnlyFromAmong(values);
        return option;
    }

    /// <summary>A TCP/UDP port option (0 to 65535).</summary>
    public static Option<int> Port(int defaultPort, string description) =>
        new Option<int>("--port", "-p") { Description = description, DefaultValueFactory = _ => defaultPort }.InRange(0, 65535);

    /// <summary>
    /// System.CommandLine hands an unknown <c>--x</c> to a positional argument; that is a usage error here (a
    /// path that starts with '-' is given after <c>--</c>, and a lone <c>-</c> means stdin).
    /// </summary>
    private static string? UnknownOption(ParseResult result)
    {
        int doubleDash = int.MaxValue;
        for (int i = 0; i < result.Tokens.Count; i++)
        {
            if (result.Tokens[i].Type == TokenType.DoubleDash)
            {
                doubleDash = i;
                break;
            }
        }

        for (SymbolResult? node = result.CommandResult; node is CommandResult command; node = command.Parent)
        {
            foreach (ArgumentResult argument in command.Children.OfType<ArgumentResult>())
            {
                foreach (Token token in argument.Tokens)
                {
                    if (token.Value.Length > 1 && token.Value[0] == '-' && IndexOf(result.Tokens, token) < doubleDash)
                    {
                        return $"unknown option '{token.Value}'";
                    }
                }
            }
        }

        return null;
    }

    /// <summary>A parse error, prefixed with its option's name when the message does not say it.</summary>
    private static string Describe(ParseError error)
    {
        SymbolResult? symbol = error.SymbolResult;
        OptionResult? option = symbol as OptionResult ?? symbol?.Parent as OptionResult;
        string name = option?.Option.Name ?? string.Empty;
        return name.Length > 0 && !error.Message.Contains(name, StringComparison.Ordinal) ? $"{name}: {error.Message}" : error.Message;
    }

    private static int IndexOf(IReadOnlyList<Token> tokens, Token token)
    {
        for (int i = 0; i < tokens.Count; i++)
        {
            if (ReferenceEquals(tokens[i], token))
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
