using Forensics.Net.Fuzz;

// fuzz TARGET            : one AFL++ run (SharpFuzz out-of-process mode); the input arrives on stdin/shared memory.
// replay TARGET PATH...  : runs files (or every file of folders) through TARGET in-process; exit 1 on a crash.
// list                   : prints the target names.
if (args is ["list"])
{
    foreach (string name in FuzzTargets.Names)
    {
        Console.WriteLine(name);
    }

    return 0;
}

if (args is ["fuzz", var target] && FuzzTargets.TryGet(target, out var run))
{
    SharpFuzz.Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        run(buffer.ToArray());
    });
    return 0;
}

if (args.Length >= 3 && args[0] == "replay" && FuzzTargets.TryGet(args[1], out var replay))
{
    int crashes = 0, inputs = 0;
    foreach (string path in args.Skip(2).SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p, "*", SearchOption.AllDirectories) : [p]).Order(StringComparer.Ordinal))
    {
        inputs++;
        try
        {
            replay(File.ReadAllBytes(path));
        }
        catch (Exception ex)
        {
            crashes++;
            Console.Error.WriteLine($"{path}: {ex.GetType().FullName}: {ex.Message}");
        }
    }

    Console.WriteLine($"{args[1]}: {inputs} inputs, {crashes} crashes");
    return crashes == 0 ? 0 : 1;
}

Console.Error.WriteLine("usage: Forensics.Net.Fuzz list | fuzz TARGET | replay TARGET PATH...");
return 2;
