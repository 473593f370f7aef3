
namespace Forensics.Net.Pcap.Analysis;

internal sealed partial class HttpDirectionParser
{
    private void Fail(HttpProblems problem)
    {
        if (_tx is not null)
        {
            _tx.Problems |= problem;
            if (!_isRequest)
            {
                EndMessage(complete: false);
            }
        }

        _tx = null;
        _headCount = 0;
        _session.StreamProblem(_direction, problem);

        // A stream that never looked like HTTP is left alone; a broken HTTP stream is searched for the next message.
        _state = problem == HttpProblems.NotHttp && !_seenMessage ? State.Dead : State.Resync;
    }

    private ReadOnlySpan<byte> Resync(ReadOnlySpan<byte> data, DateTimeOffset timestamp)
    {
        _ = timestamp;
        int pos = 0;
        while (pos < data.Length)
        {
            ReadOnlySpan<byte> rest = data[pos..];
            int idx = _isRequest ? IndexOfMethod(rest) : rest.IndexOf("HTTP/1."u8);
            if (idx < 0)
            {
                return default;
            }

            int at = pos + idx;
            if (at == 0 || data[at - 1] == (byte)'\n')
            {
                _state = State.Head;
                _headCount = 0;
                return data[at..];
            }

            pos = at + 1;
        }

        return default;
    }

    private static int IndexOfMethod(ReadOnlySpan<byte> s)
    {
        int offset = 0;
        while (offset < s.Length)
        {
            int i = s[offset..].IndexOfAny((byte)'G', (byte)'P', (byte)'H');
            if (i < 0)
            {
                return -1;
            }

            if (IsMethodStart(s[(offset + i)..]))
            {
                return offset + i;
            }

            offset += i + 1;
        }

        return -1;
    }
}
