using System.Buffers;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Forensics.Net.Pcap.Analysis;

internal sealed partial class HttpDirectionParser
{
    private void SetupDecoding(HttpMessageHead head, bool isResponse)
    {
        if (!isResponse || !_deliver)
        {
            return;
        }

        if (_options.ComputeSha256)
        {
            _hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        }

        string? ce = ((HttpResponseHead)head).ContentEncoding?.Trim();
        if (string.IsNullOrEmpty(ce) || ce.Equals("identity", StringComparison.OrdinalIgnoreCase) || !_options.DecodeContent)
        {
            return;
        }

        string coding = ce.ToLowerInvariant();
        if (coding is "gzip" or "x-gzip" or "deflate" or "br")
        {
            _decoding = true;
            _coding = coding;
        }
        else
        {
            _tx!.Problems |= HttpProblems.UnsupportedEncoding;
        }
    }

    private void DecodeBuffered(HttpTransaction tx)
    {
        byte[] encoded = _encoded ?? [];
        int count = _encodedCount;
        _encodedCount = 0;
        _decoding = false;
        if (_options.ComputeSha256)
        {
            tx.EncodedSha256 = SHA256.HashData(encoded.AsSpan(0, count));
        }

        tx.IsDecoded = true;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var input = new MemoryStream(encoded, 0, count, writable: false);
            using Stream decoder = _coding switch
            {
                "br" => new BrotliStream(input, CompressionMode.Decompress),
                "deflate" when count >= 2 && (encoded[0] & 0x0F) == 8 && ((encoded[0] << 8) | encoded[1]) % 31 == 0
                    => new ZLibStream(input, CompressionMode.Decompress),
                "deflate" => new DeflateStream(input, CompressionMode.Decompress),
                _ => new GZipStream(input, CompressionMode.Decompress),
            };
            long total = 0;
            int n;
            while ((n = decoder.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (total + n > _options.MaxDecodedBodyBytes)
                {
                    n = (int)(_options.MaxDecodedBodyBytes - total);
                    Emit(buffer.AsSpan(0, n));
                    tx.Problems |= HttpProblems.DecodedSizeLimit;
                    break;
                }

                Emit(buffer.AsSpan(0, n));
                total += n;
            }
        }
        catch (InvalidDataException)
        {
            tx.Problems |= HttpProblems.DecodingFailed;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (_encodedOverflow)
        {
            tx.Problems |= HttpProblems.EncodedSizeLimit;
        }
    }
}
