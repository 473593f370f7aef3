namespace Forensics.Net.FileSignatures.Tests;

/// <summary>Fixture names and the format each must be detected as (id, MIME).</summary>
internal static class TestFiles
{
    public static readonly string Dir = Path.Combine(AppContext.BaseDirectory, "TestData", "FileSignatures");

    public static readonly (string File, string Id, string Mime)[] Expected =
    [
        ("gen_ctlast.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("gen_ctfirst.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("gen_ctlast.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("gen_ctlast.pptx", "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        ("gen.odt", "odt", "application/vnd.oasis.opendocument.text"),
        ("gen.ods", "ods", "application/vnd.oasis.opendocument.spreadsheet"),
        ("gen.odp", "odp", "application/vnd.oasis.opendocument.presentation"),
        ("gen.epub", "epub", "application/epub+zip"),
        ("gen.apk", "apk", "application/vnd.android.package-archive"),
        ("maven-resolver-transport-file.jar", "jar", "application/java-archive"),
        ("gen_plain.zip", "zip", "application/zip"),
        ("zip_cp437_header.zip", "zip", "application/zip"),
        ("recursion.tar", "tar", "application/x-tar"),
        ("h.o", "elf-relocatable", "application/x-object"),
        ("a.pie", "elf-pie", "application/x-pie-executable"),
        ("a.nopie", "elf-exec", "application/x-executable"),
        ("libh.so", "elf-shared", "application/x-sharedlib"),
        ("System.Security.SecureString.dll", "dotnet-dll", "application/vnd.microsoft.portable-executable"),
        ("__init__.cpython-311.pyc", "pyc", "application/x-bytecode.python"),
        ("javaversion.class", "java-class", "application/java-vm"),
        ("network-server.png", "png", "image/png"),
        ("folder.gif", "gif", "image/gif"),
        ("thin-white-stripe.jpg", "jpeg", "image/jpeg"),
        ("bugcatcher.ico", "ico", "image/vnd.microsoft.icon"),
        ("test-8000Hz-le-1ch-1byte-ulaw.wav", "wav", "audio/wav"),
        ("test-8000Hz-be-3ch-5S-24bit.wav", "wav-rifx", "audio/x-wav"),
        ("sndhdr.aifc", "aifc", "audio/x-aiff"),
        ("sndhdr.au", "au", "audio/basic"),
        ("gpl.txt.gz", "gzip", "application/gzip"),
        ("gpl.txt.xz", "xz", "application/x-xz"),
        ("gpl.txt.zst", "zstd", "application/zstd"),
        ("gpl.txt.bz2", "bzip2", "application/x-bzip2"),
        ("gpl.txt.lz4", "lz4", "application/x-lz4"),
        ("msg_09.txt", "eml", "message/rfc822"),
        ("ssl_key.pem", "pem", "application/x-pem-file"),
        ("testhost-1.1.runtimeconfig.json", "json", "application/json"),
        ("utf16le_bom.txt", "txt", "text/plain"),
        ("utf8_bom.txt", "txt", "text/plain"),
        ("latin1.txt", "txt", "text/plain"),
        ("user-away-symbolic.svg", "svg", "image/svg+xml"),
        ("gdbtui", "shell", "text/x-shellscript"),
        ("logo.eps", "eps", "application/eps"),
        ("philox-testset-2.csv", "csv", "text/csv"),
        ("py3-objarr.npy", "npy", "application/x-npy"),
        ("testonechar_6.1_SOL2.mat", "matlab5", "application/x-matlab-data"),
        ("data0.db", "sqlite", "application/vnd.sqlite3"),
        ("small.pcap", "pcap", "application/vnd.tcpdump.pcap"),
        ("bgp-extended-msg.pcapng", "pcapng", "application/x-pcapng"),
    ];

    public static IEnumerable<object[]> All => Expected.Select(e => new object[] { e.File, e.Id, e.Mime });

    public static string PathOf(string name) => Path.Combine(Dir, name);

    public static byte[] Read(string name) => File.ReadAllBytes(PathOf(name));
}
