using Forensics.Net.Triage.Model;

namespace Forensics.Net.Triage.Tests;

/// <summary>
/// A hand-built report with every kind of row (known-bad carved executable, disguised executable,
/// plain mismatch, known-good, texts, an unreadable file, hostile names) for renderer tests that
/// must not depend on the libraries.
/// </summary>
internal static class SyntheticReport
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 4, 34, 3, TimeSpan.Zero);

    public static TriageReport Create(bool withOutput = true)
    {
        var report = new TriageReport { StartedUtc = T0.AddHours(1), DurationMs = 42 };
        var capture = new CaptureReport { Path = "samples/capture/downloads.pcap", Packets = 55, Bytes = 121_000, FirstUtc = T0, LastUtc = T0.AddSeconds(6) };
        capture.Flows.Add(new FlowSummary { Protocol = "tcp", Client = "127.0.0.1:55240", Server = "127.0.0.1:8080", Packets = 17, Bytes = 66_000, FirstUtc = T0, LastUtc = T0.AddMilliseconds(2) });
        capture.Flows.Add(new FlowSummary { Protocol = "tcp", Client = "127.0.0.1:55246", Server = "127.0.0.1:8080", Packets = 14, Bytes = 51_000, FirstUtc = T0.AddSeconds(4), LastUtc = T0.AddSeconds(4.002) });
        capture.Flows.Add(new FlowSummary { Protocol = "udp", Client = "[fe80::1]:5353", Server = "[ff02::fb]:5353", Packets = 2, Bytes = 180, FirstUtc = T0, LastUtc = T0 });
        capture.Timeline = new Timeline
        {
            StartUtc = T0,
            BucketMs = 100,
            Bytes = Enumerable.Range(0, 61).Select(i => i is 0 ? 66_000L : i is 40 ? 51_000L : i is 20 ? 1_344L : 0L).ToArray(),
            Packets = Enumerable.Range(0, 61).Select(i => i is 0 ? 17L : i is 40 ? 14L : i is 20 ? 12L : 0L).ToArray(),
        };
        capture.Downloads.Add(Download("http://127.0.0.1:8080/img/logo.gif", "image/gif", 3035, T0.AddMilliseconds(1), "logo.gif"));
        capture.Downloads.Add(Download("http://127.0.0.1:8080/invoice.pdf", "application/pdf", 50_512, T0.AddSeconds(4), "invoice.pdf"));
        report.Captures.Add(capture);

        Add(report, capture.Downloads[0], Item("E1", EvidenceSource.Capture, withOutput ? "carved/logo.gif" : capture.Downloads[0].Url, "logo.gif", Gif, Ext("gif", ExtensionVerdicts.Match), EvidenceClassification.KnownGood));
        EvidenceItem invoice = Add(report, capture.Downloads[1], Item("E2", EvidenceSource.Capture, withOutput ? "carved/invoice.pdf" : capture.Downloads[1].Url, "invoice.pdf", Pe, Ext("pdf", ExtensionVerdicts.Mismatch, dangerous: true), EvidenceClassification.KnownBad));
        invoice.ContentTypeCheck = new ContentTypeCheck { Declared = "application/pdf", Verdict = ExtensionVerdicts.Mismatch };
        Add(report, null, Item("E3", EvidenceSource.Disk, "samples/evidence/holiday.jpg", "holiday.jpg", Elf, Ext("jpg", ExtensionVerdicts.Mismatch, dangerous: true), EvidenceClassification.Unknown));
        EvidenceItem letter = Add(report, null, Item("E4", EvidenceSource.Disk, "samples/evidence/letters/letter-ru-cp1251.txt", "letter-ru-cp1251.txt", Text, Ext("txt", ExtensionVerdicts.Match), EvidenceClassification.Unknown));
        letter.Text = new TextDetails { Encoding = "windows-1251", Confidence = 0.97, Language = "ru", FirstLine = "Уважаемый Иван Петрович!" };
        EvidenceItem hostile = Add(report, null, Item("E5", EvidenceSource.Disk, "samples/evidence/<script>alert(1)</script>&\"'[bold]\u001b[2J.txt", "<script>alert(1)</script>&\"'[bold]\u001b[2J.txt", Text, Ext("txt", ExtensionVerdicts.Match), EvidenceClassification.Unknown));
        hostile.Text = new TextDetails { Encoding = "utf-8", Confidence = 1, FirstLine = "</script><script>document.body.setAttribute('data-injected','yes')</script>" };
        Add(report, null, Item("E6", EvidenceSource.Disk, "samples/evidence/backup.zip", "backup.zip", Docx, Ext("zip", ExtensionVerdicts.Alias), EvidenceClassification.Unknown));
        Add(report, null, Item("E7", EvidenceSource.Disk, "samples/evidence/data.txt", "data.txt", Zip, Ext("txt", ExtensionVerdicts.Mismatch), EvidenceClassification.Unknown));
        report.Evidence.Add(new EvidenceItem { Id = "E8", Source = EvidenceSource.Disk, Path = "samples/evidence/locked.bin", Name = "locked.bin", Error = "Access to the path is denied." });
        report.Errors.Add(new ReportError { Path = "samples/evidence/locked.bin", Stage = "file", Message = "Access to the path is denied." });
        report.HashSets.Add(new HashSetInfo { Path = "samples/known-bad.txt", Kind = "known-bad", Entries = 4 });
        report.HashSets.Add(new HashSetInfo { Path = "samples/known-good.txt", Kind = "known-good", Entries = 4, SkippedLines = 1 });
        if (withOutput)
        {
            report.Output = new OutputInfo { Directory = "/tmp/out", CarvedDir = "carved", Json = "report.json", Html = "report.html", Manifest = "manifest.hashdeep" };
            capture.Downloads[0].SavedAs = "carved/logo.gif";
            capture.Downloads[1].SavedAs = "carved/invoice.pdf";
        }

        TriageRunner.Conclude(report);
        return report;
    }

    private static readonly FileTypeInfo Gif = new() { Id = "gif", Name = "GIF image", Mime = "image/gif", Category = "image", Extensions = ["gif"], Confidence = 1 };
    private static readonly FileTypeInfo Pe = new() { Id = "exe", Name = "Windows executable", Mime = "application/vnd.microsoft.portable-executable", Category = "executable", Extensions = ["exe"], Confidence = 1, IsExecutable = true };
    private static readonly FileTypeInfo Elf = new() { Id = "elf", Name = "ELF executable", Mime = "application/x-executable", Category = "executable", Extensions = [""], Confidence = 1, IsExecutable = true };
    private static readonly FileTypeInfo Text = new() { Id = "txt", Name = "Plain text", Mime = "text/plain", Category = "text", Extensions = ["txt"], Confidence = 0.8, IsText = true };
    private static readonly FileTypeInfo Docx = new() { Id = "docx", Name = "Word document", Mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Category = "document", Extensions = ["docx"], Confidence = 1 };
    private static readonly FileTypeInfo Zip = new() { Id = "zip", Name = "ZIP archive", Mime = "application/zip", Category = "archive", Extensions = ["zip"], Confidence = 1 };

    private static DownloadRecord Download(string url, string contentType, long size, DateTimeOffset when, string name) => new()
    {
        Client = "127.0.0.1:55240",
        Server = "127.0.0.1:8080",
        RequestUtc = when.AddMilliseconds(-1),
        ResponseUtc = when,
        Method = "GET",
        Host = "127.0.0.1:8080",
        Url = url,
        Status = 200,
        ContentType = contentType,
        Size = size,
        FileName = name,
    };

    private static ExtensionCheck Ext(string ext, string verdict, bool dangerous = false) => new() { Extension = ext, Verdict = verdict, Dangerous = dangerous };

    private static EvidenceItem Item(string id, string source, string path, string name, FileTypeInfo type, ExtensionCheck check, string classification) => new()
    {
        Id = id,
        Source = source,
        Path = path,
        Name = name,
        Size = 1234,
        Md5 = new string('a', 32),
        Sha1 = new string('b', 40),
        Sha256 = id + new string('c', 64 - id.Length),
        Type = type,
        ExtensionCheck = check,
        Classification = classification,
        HashMatch = classification == EvidenceClassification.Unknown ? null : new HashMatch { Set = "samples/known-" + (classification == EvidenceClassification.KnownBad ? "bad" : "good") + ".txt", Name = "training-zoo/" + name, Algorithm = "sha256" },
    };

    private static EvidenceItem Add(TriageReport report, DownloadRecord? download, EvidenceItem item)
    {
        if (download is not null)
        {
            download.EvidenceId = item.Id;
            item = new EvidenceItem
            {
                Id = item.Id, Source = item.Source, Path = item.Path, Name = item.Name, Url = download.Url, Size = item.Size,
                Md5 = item.Md5, Sha1 = item.Sha1, Sha256 = item.Sha256, Type = item.Type, ExtensionCheck = item.ExtensionCheck,
                Classification = item.Classification, HashMatch = item.HashMatch,
            };
        }

        report.Evidence.Add(item);
        return item;
    }
}
