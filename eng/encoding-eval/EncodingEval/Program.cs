using Forensics.Net.EncodingEval;

// EncodingEval [SET_DIR] [--split held-out|tune|all] [--no-uchardet] [--no-utf-unknown] [--misses N]
// Scores EncodingDetection, uchardet and UTF.Unknown on a set built by eng/encoding-eval/build_set.py.
string dir = "/tmp/fnet-encoding-eval";
string split = "held-out";
bool uchardet = true, utfUnknown = true;
int misses = 30;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--split" when i + 1 < args.Length: split = args[++i]; break;
        case "--no-uchardet": uchardet = false; break;
        case "--no-utf-unknown": utfUnknown = false; break;
        case "--misses" when i + 1 < args.Length: misses = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "-h" or "--help":
            Console.WriteLine("EncodingEval [SET_DIR] [--split held-out|tune|all] [--no-uchardet] [--no-utf-unknown] [--misses N]");
            return 0;
        default: dir = args[i]; break;
    }
}

if (!File.Exists(Path.Combine(dir, "labels.csv")))
{
    Console.Error.WriteLine($"{dir}/labels.csv not found: build the set with python3 eng/encoding-eval/build_set.py {dir}");
    return 2;
}

if (split is not ("held-out" or "tune" or "all"))
{
    Console.Error.WriteLine("--split must be held-out, tune or all");
    return 2;
}

var evaluation = Evaluation.Run(dir, split, uchardet, utfUnknown);
Console.WriteLine($"## Split: {split}");
Console.WriteLine();
Report.Write(Console.Out, evaluation, misses);
return 0;
