namespace Forensics.Net.Examples.Tests.Support;

/// <summary>Runs an app's entry point in-process with captured stdout/stderr.</summary>
internal static class AppRunner
{
    private static readonly Lock CwdLock = new();

    /// <summary>Runs <paramref name="app"/> with the current directory set to <paramref name="cwd"/> (serialised: the directory is process-wide).</summary>
    public static (int Exit, string Out, string Err) RunIn(Func<string[], TextWriter, TextWriter, int> app, string cwd, string[] args)
    {
        lock (CwdLock)
        {
            string saved = Environment.CurrentDirectory;
            Environment.CurrentDirectory = cwd;
            try
            {
                return Run(app, args);
            }
            finally
            {
                Environment.CurrentDirectory = saved;
            }
        }
    }

    /// <summary>Runs <paramref name="app"/> in the current directory.</summary>
    public static (int Exit, string Out, string Err) Run(Func<string[], TextWriter, TextWriter, int> app, string[] args)
    {
        var o = new StringWriter { NewLine = "\n" };
        var e = new StringWriter { NewLine = "\n" };
        int exit = app(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }
}
