using System.Globalization;

namespace Forensics.Net.Hashing.Files;

// The per-file state of a read: the detected format, its header and the columns it declares.
public static partial class HashFileReader
{
    private sealed class ParseState(HashFileReaderOptions options)
    {
        private FileHashAlgorithm?[]? _hashdeepColumns;
        private int _hashdeepSize = -1;
        private bool _hashdeepMagic;
        private string[]? _csvHeader;
        private int _sumDigestLength = -1;

        public string? ParseHashdeep(string line, out HashEntry? entry)
        {
            entry = null;
            if (line.StartsWith("%%%% HASHDEEP-", StringComparison.Ordinal))
            {
                _hashdeepMagic = true;
                _hashdeepColumns = null;
                return line == "%%%% HASHDEEP-1.0" ? null : "unsupported hashdeep version " + line[5..];
            }

            if (line.StartsWith("%%%% ", StringComparison.Ordinal))
            {
                string[] names = line[5..].Split(',');
                if (names.Length < 2 || names[^1] != "filename")
                {
                    return "a hashdeep header must end with 'filename'";
                }

                _hashdeepSize = Array.IndexOf(names, "size");
                _hashdeepColumns = new FileHashAlgorithm?[names.Length - 1];
                for (int i = 0; i < names.Length - 1; i++)
                {
                    _hashdeepColumns[i] = FileHashAlgorithms.TryParse(names[i], out var a) ? a : null;
                }

                return _hashdeepMagic ? null : "the hashdeep header comes before %%%% HASHDEEP-1.0";
            }

            if (line.StartsWith('#'))
            {
                return null;
            }

            if (_hashdeepColumns is null)
            {
                return "a hashdeep record before the %%%% size,...,filename header";
            }

            var digests = new List<KeyValuePair<FileHashAlgorithm, byte[]>>(_hashdeepColumns.Length);
            long size = -1;
            int pos = 0;
            for (int i = 0; i < _hashdeepColumns.Length; i++)
            {
                int comma = line.IndexOf(',', pos);
                if (comma < 0)
                {
                    return $"expected {_hashdeepColumns.Length + 1} comma-separated fields";
                }

                ReadOnlySpan<char> field = line.AsSpan(pos, comma - pos);
                pos = comma + 1;
                if (i == _hashdeepSize)
                {
                    if (!long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out size))
                    {
                        return "the size is not a number";
                    }
                }
                else if (_hashdeepColumns[i] is { } algorithm)
                {
                    byte[]? digest = FromHex(field);
                    if (digest is null)
                    {
                        return $"the {FileHashAlgorithms.GetName(algorithm)} field is not hexadecimal";
                    }

                    if (digest.Length != FileHashAlgorithms.GetDigestLength(algorithm))
                    {
                        return $"wrong hash length for {FileHashAlgorithms.GetName(algorithm)}: {digest.Length} bytes, expected {FileHashAlgorithms.GetDigestLength(algorithm)}";
                    }

                    digests.Add(new(algorithm, digest));
                }
            }

            if (pos >= line.Length)
            {
                return "the file name is empty";
            }

            if (digests.Count == 0)
            {
                return "no supported hash column (tiger and whirlpool are not computed by this library)";
            }

            entry = new HashEntry(line[pos..], size, new HashDigests(digests, size));
            return null;
        }

        public string? ParseSumOrBsd(string line, out HashEntry? entry)
        {
            entry = null;
            string? bsdError = TryParseBsd(line, out var algorithm, out byte[]? digest, out string? name);
            if (bsdError is null)
            {
                entry = new HashEntry(name!, -1, new HashDigests([new(algorithm, digest!)]));
                return null;
            }

            if (LooksLikeBsd(line))
            {
                return bsdError;
            }

            string? error = TryParseSum(line, out digest, out name);
            if (error is not null)
            {
                return error;
            }

            error = ResolveAlgorithm(digest!.Length, out algorithm);
            if (error is not null)
            {
                return error;
            }

            entry = new HashEntry(name!, -1, new HashDigests([new(algorithm, digest)]));
            return null;
        }

        public string? ParsePlain(string line, out HashEntry? entry)
        {
            entry = null;
            string trimmed = line.Trim();
            int ws = trimmed.IndexOfAny([' ', '\t']);
            string hex = ws < 0 ? trimmed : trimmed[..ws];
            string name = ws < 0 ? string.Empty : trimmed[(ws + 1)..].Trim();
            byte[]? digest = FromHex(hex);
            if (digest is null)
            {
                return "not a hexadecimal digest";
            }

            string? error = ResolveAlgorithm(digest.Length, out var algorithm);
            if (error is not null)
            {
                return error;
            }

            entry = new HashEntry(name, -1, new HashDigests([new(algorithm, digest)]));
            return null;
        }

        public string? ParseCsv(string line, List<string> fields, out HashEntry? entry, bool nsrl)
        {
            entry = null;
            if (!Csv.Split(line, fields))
            {
                return "unterminated quoted CSV field";
            }

            if (_csvHeader is null)
            {
                _csvHeader = [.. fields];
                if (!_csvHeader.Any(h => FileHashAlgorithms.TryParse(h, out _)))
                {
                    _csvHeader = null;
                    return "the CSV header names no hash algorithm";
                }

                return null;
            }

            if (fields.Count != _csvHeader.Length)
            {
                return $"expected {_csvHeader.Length} CSV fields, found {fields.Count}";
            }

            string path = string.Empty;
            long size = -1;
            var digests = new List<KeyValuePair<FileHashAlgorithm, byte[]>>();
            for (int i = 0; i < fields.Count; i++)
            {
                string h = _csvHeader[i];
                if (h.Equals(nsrl ? "FileName" : "path", StringComparison.OrdinalIgnoreCase))
                {
                    path = fields[i];
                }
                else if (h.Equals(nsrl ? "FileSize" : "size", StringComparison.OrdinalIgnoreCase))
                {
                    if (fields[i].Length > 0 && !long.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out size))
                    {
                        return $"the {h} field is not a number";
                    }
                }
                else if (FileHashAlgorithms.TryParse(h, out var algorithm))
                {
                    if (fields[i].Length == 0)
                    {
                        continue;
                    }

                    byte[]? digest = FromHex(fields[i]);
                    if (digest is null || digest.Length != FileHashAlgorithms.GetDigestLength(algorithm))
                    {
                        return $"wrong hash length or not hex for {FileHashAlgorithms.GetName(algorithm)}";
                    }

                    digests.Add(new(algorithm, digest));
                }
            }

            if (digests.Count == 0)
            {
                return "no digest in the record";
            }

            entry = new HashEntry(path, size, new HashDigests(digests, size));
            return null;
        }

        private string? ResolveAlgorithm(int length, out FileHashAlgorithm algorithm)
        {
            if (options.Algorithm is { } given)
            {
                algorithm = given;
                if (FileHashAlgorithms.GetDigestLength(given) != length)
                {
                    return $"wrong hash length for {FileHashAlgorithms.GetName(given)}: {length} bytes, expected {FileHashAlgorithms.GetDigestLength(given)}"
                        + (options.AlgorithmFromFileName ? " (algorithm taken from the file name)" : string.Empty);
                }

                return null;
            }

            if (_sumDigestLength >= 0 && length != _sumDigestLength)
            {
                algorithm = default;
                return $"mixed algorithms: a {length}-byte digest in a file of {_sumDigestLength}-byte digests";
            }

            if (!FileHashAlgorithms.TryGuessFromDigestLength(length, out algorithm))
            {
                return $"no known algorithm has {length}-byte digests";
            }

            _sumDigestLength = length;
            return null;
        }
    }
}
