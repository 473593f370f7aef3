namespace Forensics.Net.Triage.Tests;
public class ScratchDump
{
    [Fact]
    public void Dump()
    {
        var w = new StringWriter();
        Forensics.Net.Triage.Rendering.ConsoleReport.Write(SyntheticReport.Create(), w, Forensics.Net.Triage.Rendering.ConsoleStyle.Plain);
        File.WriteAllText("/tmp/console.txt", w.ToString());
        File.WriteAllText("/tmp/synth.html", Forensics.Net.Triage.Rendering.HtmlReport.Render(SyntheticReport.Create()));
    }
}
