using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Forensics.Net.Hashing.Files;

/// <summary>One incremental hash state behind a common shape.</summary>
internal abstract class HashSink : IDisposable
{
    protected HashSink(FileHashAlgorithm algorithm) => Algorithm = algorithm;

    public FileHashAlgorithm Algorithm { get; }

    public static HashSink Create(FileHashAlgorithm algorithm)
    {
        FileHashAlgorithms.EnsureSupported(algorithm);
        return algorithm switch
        {
            FileHashAlgorithm.Md5 => new Incremental(algorithm, HashAlgorithmName.MD5),
            FileHashAlgorithm.Sha1 => new Incremental(algorithm, HashAlgorithmName.SHA1),
            FileHashAlgorithm.Sha256 => new Incremental(algorithm, HashAlgorithmName.SHA256),
            FileHashAlgorithm.Sha384 => new Incremental(algorithm, HashAlgorithmName.SHA384),
            FileHashAlgorithm.Sha512 => new Incremental(algorithm, HashAlgorithmName.SHA512),
            FileHashAlgorithm.Sha3_256 => new Incremental(algorithm, HashAlgorithmName.SHA3_256),
            FileHashAlgorithm.Sha3_512 => new Incremental(algorithm, HashAlgorithmName.SHA3_512),
            FileHashAlgorithm.Crc32 => new NonCrypto(algorithm, new Crc32()),
            FileHashAlgorithm.XxHash3 => new NonCrypto(algorithm, new XxHash3()),
            FileHashAlgorithm.XxHash128 => new NonCrypto(algorithm, new XxHash128()),
            FileHashAlgorithm.Blake3 => new Blake(),
            FileHashAlgorithm.Ssdeep => new SsdeepSink(),
            FileHashAlgorithm.Tlsh => new TlshSink(),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown hash algorithm."),
        };
    }

    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>Returns the digest and resets the state for the next input.</summary>
    public abstract byte[] Finish();

    /// <summary>Hashes a whole input at once (the state must be fresh); one-shot where the platform has one.</summary>
    public virtual byte[] HashWhole(ReadOnlySpan<byte> data)
    {
        Append(data);
        return Finish();
    }

    public virtual void Dispose()
    {
    }

    private sealed class Incremental(FileHashAlgorithm algorithm, HashAlgorithmName name) : HashSink(algorithm)
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(name);

        public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        public override byte[] Finish() => _hash.GetHashAndReset();

        // One call into the crypto library instead of update + final + reset: most of the cost for a small file.
        public override byte[] HashWhole(ReadOnlySpan<byte> data) => CryptographicOperations.HashData(name, data);

        public override void Dispose() => _hash.Dispose();
    }

    private sealed class NonCrypto(FileHashAlgorithm algorithm, NonCryptographicHashAlgorithm hash) : HashSink(algorithm)
    {
        public override void Append(ReadOnlySpan<byte> data) => hash.Append(data);

        public override byte[] Finish()
        {
            if (hash is Crc32 crc)
            {
                // System.IO.Hashing gives CRC-32 little-endian; every tool prints the value big-endian.
                byte[] result = new byte[4];
                BinaryPrimitives.WriteUInt32BigEndian(result, crc.GetCurrentHashAsUInt32());
                crc.Reset();
                return result;
            }

            return hash.GetHashAndReset(); // XXH3 and XXH128 are already big-endian (canonical form).
        }
    }

    private sealed class Blake() : HashSink(FileHashAlgorithm.Blake3)
    {
        private Blake3.Hasher _hasher = Blake3.Hasher.New();

        public override void Append(ReadOnlySpan<byte> data) => _hasher.Update(data);

        public override byte[] Finish()
        {
            byte[] result = new byte[32];
            _hasher.Finalize(result);
            _hasher.Reset();
            return result;
        }

        public override void Dispose() => _hasher.Dispose();
    }
}
