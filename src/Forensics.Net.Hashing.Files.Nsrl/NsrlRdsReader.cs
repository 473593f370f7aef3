using System.Data;
using Microsoft.Data.Sqlite;

namespace Forensics.Net.Hashing.Files.Nsrl;

/// <summary>
/// Reads NSRL RDS v3 SQLite publications. RDS v3 keeps the RDS 2.x file list as the <c>FILE</c> view
/// (<c>sha256, sha1, md5, file_name, file_size, package_id</c>); the <c>METADATA</c> table holds the distinct
/// hashes (<c>sha256, sha1, md5, …</c>) and is used when there is no <c>FILE</c> view (minimal subsets).
/// Columns are found by name, so extra or missing columns (crc32 was dropped in v3) do not matter.
/// </summary>
internal static class NsrlRdsReader
{
    private static ReadOnlySpan<byte> Magic => "SQLite format 3\0"u8;

    public static bool IsSqlite(string path)
    {
        using var stream = File.OpenRead(path);
        Span<byte> head = stackalloc byte[16];
        return stream.ReadAtLeast(head, 16, throwOnEndOfStream: false) == 16 && head.SequenceEqual(Magic);
    }

    public static IEnumerable<HashEntry> ReadEntries(string path)
    {
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
        }
        catch (SqliteException ex)
        {
            throw new HashFileFormatException($"{path}: not a readable SQLite database: {ex.Message}", ex);
        }

        string? source = FindSource(connection);
        if (source is null)
        {
            throw new HashFileFormatException($"{path}: an SQLite database without an NSRL RDS v3 FILE view or METADATA table.");
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM " + source; // source is one of two fixed names
        using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
        var columns = new List<(int Ordinal, FileHashAlgorithm Algorithm)>();
        int nameColumn = -1, sizeColumn = -1;
        for (int i = 0; i < reader.FieldCount; i++)
        {
            string column = reader.GetName(i);
            if (FileHashAlgorithms.TryParse(column, out var algorithm))
            {
                columns.Add((i, algorithm));
            }
            else if (column.Equals("file_name", StringComparison.OrdinalIgnoreCase))
            {
                nameColumn = i;
            }
            else if (column.Equals("file_size", StringComparison.OrdinalIgnoreCase) || column.Equals("bytes", StringComparison.OrdinalIgnoreCase))
            {
                sizeColumn = i;
            }
        }

        if (columns.Count == 0)
        {
            throw new HashFileFormatException($"{path}: the {source} table has no sha256, sha1 or md5 column.");
        }

        long row = 0;
        var digests = new List<KeyValuePair<FileHashAlgorithm, byte[]>>(columns.Count);
        while (reader.Read())
        {
            row++;
            digests.Clear();
            string name = string.Empty;
            long size = -1;
            for (int i = 0; i < reader.FieldCount; i++)
            {
                if (reader.IsDBNull(i))
                {
                    continue;
                }

                if (i == nameColumn)
                {
                    name = reader.GetString(i);
                }
                else if (i == sizeColumn)
                {
                    size = reader.GetInt64(i);
                }
                else
                {
                    int c = columns.FindIndex(x => x.Ordinal == i);
                    if (c < 0)
                    {
                        continue;
                    }

                    string hex = reader.GetString(i);
                    var algorithm = columns[c].Algorithm;
                    if (hex.Length == 2 * FileHashAlgorithms.GetDigestLength(algorithm) && !hex.AsSpan().ContainsAnyExcept("0123456789abcdefABCDEF"))
                    {
                        digests.Add(new(algorithm, Convert.FromHexString(hex)));
                    }
                }
            }

            if (digests.Count > 0)
            {
                yield return new HashEntry(name, size, new HashDigests(digests, size)) { LineNumber = row };
            }
        }
    }

    private static string? FindSource(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type IN ('table','view') AND name IN ('FILE','METADATA') COLLATE NOCASE";
        var names = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                names.Add(reader.GetString(0));
            }
        }

        return names.Find(n => n.Equals("FILE", StringComparison.OrdinalIgnoreCase)) is not null ? "FILE"
            : names.Find(n => n.Equals("METADATA", StringComparison.OrdinalIgnoreCase)) is not null ? "METADATA"
            : null;
    }
}
