using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Forensics.Net.Examples.Tests.Support;

/// <summary>The fixtures under this project's TestData/ (see TestData/README.md).</summary>
internal static class TestData
{
    public static string Dir { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "TestData");

    public static string Path(string relative) => System.IO.Path.Combine(Dir, relative);

    /// <summary>The repository root (the folder holding samples/evidence).</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(System.IO.Path.Combine(dir.FullName, "samples", "evidence")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("samples/evidence was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>TestData/Hashing: a small tree and hash files in every format.</summary>
internal static class HashingData
{
    public static string Dir { get; } = TestData.Path("Hashing");

    public static string Tree => Path.Combine(Dir, "tree");

    public static string Get(string name) => Path.Combine(Dir, name);

    /// <summary>A writable copy of the tree, plus a file whose name holds a backslash.</summary>
    public static TempDir CopyTree()
    {
        var dir = new TempDir();
        foreach (string file in Directory.EnumerateFiles(Tree, "*", SearchOption.AllDirectories))
        {
            dir.File(Path.GetRelativePath(Tree, file), File.ReadAllBytes(file));
        }

        dir.File("back\\slash.txt", "slash");
        return dir;
    }

    /// <summary>A minimal NSRL RDS v3 SQLite database listing three files of the tree.</summary>
    public static string MakeRdsV3(string dir)
    {
        string path = Path.Combine(dir, "RDS_test_modern_minimal.db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE VERSION (version VARCHAR NOT NULL, build_set VARCHAR NOT NULL, build_date TIMESTAMP NOT NULL,
                release_date TIMESTAMP NOT NULL, description VARCHAR NOT NULL);
            CREATE TABLE METADATA (obj_id INTEGER PRIMARY KEY, sha256 VARCHAR NOT NULL, sha1 VARCHAR NOT NULL, md5 VARCHAR NOT NULL,
                extension VARCHAR, bytes INTEGER NOT NULL);
            CREATE TABLE PKG_OBJ (package_id INTEGER NOT NULL, obj_id INTEGER NOT NULL, file_name VARCHAR NOT NULL);
            INSERT INTO VERSION VALUES ('2024.03.1', 'modern', '2024-03-01', '2024-03-15', 'test fixture');
            CREATE VIEW FILE AS SELECT m.sha256 AS sha256, m.sha1 AS sha1, m.md5 AS md5, p.file_name AS file_name,
                m.bytes AS file_size, p.package_id AS package_id FROM METADATA m JOIN PKG_OBJ p ON p.obj_id = m.obj_id;
            """;
        command.ExecuteNonQuery();
        int id = 0;
        foreach (string file in new[] { "hello.txt", "fox.txt", "docs/image.png" })
        {
            byte[] data = File.ReadAllBytes(Path.Combine(Tree, file));
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO METADATA VALUES ($id, $sha256, $sha1, $md5, $ext, $bytes); INSERT INTO PKG_OBJ VALUES (42, $id, $name);";
            insert.Parameters.AddWithValue("$id", ++id);
            insert.Parameters.AddWithValue("$sha256", Convert.ToHexString(SHA256.HashData(data)));
            insert.Parameters.AddWithValue("$sha1", Convert.ToHexString(SHA1.HashData(data)));
            insert.Parameters.AddWithValue("$md5", Convert.ToHexString(MD5.HashData(data)));
            insert.Parameters.AddWithValue("$ext", Path.GetExtension(file).TrimStart('.'));
            insert.Parameters.AddWithValue("$bytes", data.Length);
            insert.Parameters.AddWithValue("$name", Path.GetFileName(file));
            insert.ExecuteNonQuery();
        }

        return path;
    }
}

/// <summary>TestData/Capture: the first 20 packets of the course capture, Ethernet and Linux SLL2.</summary>
internal static class PcapData
{
    public const string HttpFirst20Pcap = "Capture/http_first20.pcap";
    public const string HttpFirst20Sll2 = "Capture/http_first20_sll2.pcap";
    public const string MixedEtherSll2PcapNg = "Capture/mixed_ether_sll2.pcapng";

    public static string Path(string relative) => TestData.Path(relative);

    public static byte[] Bytes(string relative) => File.ReadAllBytes(Path(relative));

    /// <summary>The shared captures of the course downloads, in every link type and order the carver is tested with.</summary>
    public static TheoryData<string> Captures => new()
    {
        "pcap/http_downloads.pcap",
        "pcap/http_downloads.pcapng",
        "pcap/http_downloads_sll2.pcap",
        "pcap/http_downloads_vlan.pcap",
        "pcap/http_downloads_reordered.pcap",
    };

    private static readonly string[] TsharkFields = ["ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport", "ip.proto"];

    /// <summary>tshark's address and port fields for every packet, tab-separated (the decoding agreement reference).</summary>
    public static List<string> Tshark(string path)
    {
        Forensics.Net.Testing.ExternalTool.Require("tshark");
        string[] args = ["-n", "-r", path, "-T", "fields", "-E", "separator=/t", .. TsharkFields.SelectMany(f => new[] { "-e", f })];
        var (exit, stdout, stderr) = Forensics.Net.Testing.ExternalTool.Run("tshark", args, TimeSpan.FromMinutes(2));
        exit.Should().Be(0, stderr);
        return stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
    }
}
