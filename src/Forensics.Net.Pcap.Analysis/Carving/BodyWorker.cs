using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Forensics.Net.Pcap.Analysis;

/// <summary>
/// Hashes (SHA-256) and writes carved bodies on a second thread, so that hashing overlaps with reading,
/// reassembly and parsing. Work items are 64 KiB blocks in a bounded queue (at most 4 MiB in flight);
/// items of one body are processed in order.
/// </summary>
internal sealed class BodyWorker : IDisposable
{
    public const int BlockSize = 64 * 1024;

    private readonly BlockingCollection<Item> _queue = new(boundedCapacity: 64);
    private readonly Thread _thread;
    private Exception? _failure;

    public BodyWorker()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "HttpCarver body hashing" };
        _thread.Start();
    }

    /// <summary>Queues a block (ownership of the pooled array passes to the worker).</summary>
    public void Block(Body body, byte[] block, int count) => _queue.Add(new Item(body, block, count, finish: false));

    /// <summary>Queues the end of a body: its hash is computed and its file closed.</summary>
    public void Finish(Body body) => _queue.Add(new Item(body, null, 0, finish: true));

    /// <summary>Waits for every queued item; rethrows a failure of the worker (for example a full disk).</summary>
    public void Drain()
    {
        _queue.CompleteAdding();
        _thread.Join();
        if (_failure is not null)
        {
            throw new IOException("Writing a carved body failed: " + _failure.Message, _failure);
        }
    }

    public void Dispose()
    {
        if (!_queue.IsAddingCompleted)
        {
            _queue.CompleteAdding();
            _thread.Join();
        }

        _queue.Dispose();
    }

    private void Run()
    {
        foreach (Item item in _queue.GetConsumingEnumerable())
        {
            try
            {
                if (item.Finish)
                {
                    item.Body.Sha256 = item.Body.Hash.GetHashAndReset();
                    item.Body.Hash.Dispose();
                    item.Body.File?.Dispose();
                    item.Body.File = null;
                }
                else
                {
                    item.Body.Hash.AppendData(item.Block!, 0, item.Count);
                    item.Body.File?.Write(item.Block!, 0, item.Count);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _failure ??= ex;
            }
            finally
            {
                if (item.Block is not null)
                {
                    ArrayPool<byte>.Shared.Return(item.Block);
                }
            }
        }
    }

    /// <summary>The worker-side state of one body.</summary>
    internal sealed class Body
    {
        public IncrementalHash Hash { get; } = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public FileStream? File { get; set; }

        public byte[]? Sha256 { get; set; }
    }

    private readonly struct Item(Body body, byte[]? block, int count, bool finish)
    {
        public Body Body { get; } = body;

        public byte[]? Block { get; } = block;

        public int Count { get; } = count;

        public bool Finish { get; } = finish;
    }
}
