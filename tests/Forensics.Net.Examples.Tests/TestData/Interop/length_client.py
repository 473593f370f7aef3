# A length-framed peer written with nothing but the standard library: 4-byte big-endian length + payload.
# Sends COUNT messages of SIZE bytes in one sendall (pipelined), reads COUNT framed replies, prints "ok N" when each echo matches.
# usage: length_client.py PORT COUNT SIZE
import socket
import struct
import sys

port, count, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
client = socket.create_connection(("127.0.0.1", port), timeout=15)
messages = [bytes([(i + j) % 256 for j in range(size)]) for i in range(count)]
client.sendall(b"".join(struct.pack(">I", len(m)) + m for m in messages))

def read_exactly(n):
    buf = b""
    while len(buf) < n:
        chunk = client.recv(n - len(buf))
        if not chunk:
            raise EOFError("closed after %d of %d bytes" % (len(buf), n))
        buf += chunk
    return buf

ok = 0
for m in messages:
    (length,) = struct.unpack(">I", read_exactly(4))
    ok += read_exactly(length) == m
print("ok", ok, flush=True)
client.close()
