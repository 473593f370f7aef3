using System.Text;

namespace Forensics.Net.Pcap.Analysis;

internal sealed partial class HttpDirectionParser
{
    private ReadOnlySpan<byte> ChunkByte(ReadOnlySpan<byte> data)
    {
        byte b = data[0];
        data = data[1..];
        switch (_state)
        {
            case State.ChunkSize:
                int hex = HexValue(b);
                if (hex >= 0)
                {
                    if (_chunkDigits >= 15)
                    {
                        Fail(HttpProblems.BadChunk);
                        return default;
                    }

                    _chunkSize = (_chunkSize << 4) | (long)hex;
                    _chunkDigits++;
                }
                else if (_chunkDigits == 0)
                {
                    Fail(HttpProblems.BadChunk);
                    return default;
                }
                else if (b == (byte)';' || b == (byte)' ' || b == (byte)'\t')
                {
                    _extensionLength = 0;
                    _state = State.ChunkExtension;
                }
                else if (b == (byte)'\r')
                {
                    _state = State.ChunkSizeLf;
                }
                else if (b == (byte)'\n')
                {
                    SizeLineDone();
                }
                else
                {
                    Fail(HttpProblems.BadChunk);
                    return default;
                }

                break;
            case State.ChunkSizeLf:
                if (b != (byte)'\n')
                {
                    Fail(HttpProblems.BadChunk);
                    return default;
                }

                SizeLineDone();
                break;
            case State.ChunkDataCr:
                if (b == (byte)'\r')
                {
                    _state = State.ChunkDataLf;
                }
                else if (b == (byte)'\n')
                {
                    ResetChunk();
                }
                else
                {
                    Fail(HttpProblems.BadChunk);
                    return default;
                }

                break;
            case State.ChunkDataLf:
                if (b != (byte)'\n')
                {
                    Fail(HttpProblems.BadChunk);
                    return default;
                }

                ResetChunk();
                break;
            case State.TrailerLineStart:
                if (b == (byte)'\r')
                {
                    _state = State.TrailerEndLf;
                }
                else if (b == (byte)'\n')
                {
                    EndMessage(complete: true);
                }
                else
                {
                    AppendTrailer([b]);
                    _state = State.TrailerLine;
                }

                break;
            case State.TrailerEndLf:
                if (b != (byte)'\n')
                {
                    Fail(HttpProblems.BadChunk);
                    return default;
                }

                EndMessage(complete: true);
                break;
        }

        return data;
    }

    private void ResetChunk()
    {
        _chunkSize = 0;
        _chunkDigits = 0;
        _state = State.ChunkSize;
    }

    private void SizeLineDone()
    {
        if (_chunkSize == 0)
        {
            _state = State.TrailerLineStart;
            return;
        }

        _remaining = _chunkSize;
        _state = State.ChunkData;
    }

    private bool AppendTrailer(ReadOnlySpan<byte> data)
    {
        if (_trailerCount + data.Length > _options.MaxHeadBytes)
        {
            return false;
        }

        Append(ref _trailer, ref _trailerCount, data);
        return true;
    }

    private static List<KeyValuePair<string, string>> ParseTrailers(ReadOnlySpan<byte> data)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (Range r in data.Split((byte)'\n'))
        {
            ReadOnlySpan<byte> line = data[r].TrimEnd((byte)'\r');
            int colon = line.IndexOf((byte)':');
            if (colon > 0)
            {
                list.Add(new(Encoding.Latin1.GetString(line[..colon]), Encoding.Latin1.GetString(line[(colon + 1)..].Trim(" \t"u8))));
            }
        }

        return list;
    }
}
