using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Forensics.Net.Hashing.Files.Tests;

/// <summary>Builds NSRL RDS v3-shaped SQLite databases over the hashing test tree (shared with the HashScan example tests).</summary>
internal static class RdsFixture
{
    /// <summary>
    /// An NSRL RDS v3-shaped database: the RDS 2.x file list as the FILE view (sha256, sha1, md5, file_name,
    /// file_size, package_id) over a METADATA table of distinct hashes, with upper-case hex as NIST publishes it.
    /// </summary>
    internal static string MakeRdsV3(string dir, bool withFileView = true)
    {
        string path = Path.Combine(dir, withFileView ? "RDS_test_modern_minimal.db" : "RDS_metadata_only.db");
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
            """;
        if (withFileView)
        {
            command.CommandText += """
                CREATE VIEW FILE AS SELECT m.sha256 AS sha256, m.sha1 AS sha1, m.md5 AS md5, p.file_name AS file_name,
                    m.bytes AS file_size, p.package_id AS package_id FROM METADATA m JOIN PKG_OBJ p ON p.obj_id = m.obj_id;
                """;
        }

        command.ExecuteNonQuery();
        int id = 0;
        foreach (string file in new[] { "hello.txt", "fox.txt", "docs/image.png" })
        {
            byte[] data = File.ReadAllBytes(Path.Combine(TestFiles.Tree, file));
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
