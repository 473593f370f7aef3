namespace Forensics.Net.Triage.Tests;
public class ScratchDump
{
    [Fact]
    public void Dump()
    {
        var sb = new System.Text.StringBuilder();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(TestPaths.Samples, "evidence"), "*", SearchOption.AllDirectories).Order())
        {
            using var s = File.OpenRead(f);
            var t = new Forensics.Net.Triage.Adapters.LibraryText().Detect(s);
            sb.AppendLine($"{f}: {t?.Encoding} bom={t?.Bom} lang={t?.Language} conf={t?.Confidence} first={t?.FirstLine}");
        }
        File.WriteAllText("/tmp/enc.txt", sb.ToString());
    }
}
