#!/usr/bin/env python3
"""Tiny HTTP/1.1 server used once to record samples/capture/downloads.pcap.

usage: serve.py WWW_DIR PORT

Serves files from WWW_DIR on 127.0.0.1:PORT with keep-alive. A few paths are sent the way real
servers often send them, so that the carver has something to undo:
  *.jpg  -> Transfer-Encoding: chunked (4 KiB chunks)
  *.txt  -> Content-Encoding: gzip (when the client accepts it)
  /invoice.pdf -> Content-Type: application/pdf whatever the bytes are (the lying server)
"""
import gzip
import http.server
import mimetypes
import os
import sys

ROOT = os.path.abspath(sys.argv[1])
PORT = int(sys.argv[2])
CONTENT_TYPES = {
    ".gif": "image/gif",
    ".jpg": "image/jpeg",
    ".txt": "text/plain; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "SampleServer/1.0"

    def do_GET(self):
        rel = self.path.split("?", 1)[0].lstrip("/")
        path = os.path.normpath(os.path.join(ROOT, rel))
        if not path.startswith(ROOT + os.sep) or not os.path.isfile(path):
            body = b"not found\n"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        with open(path, "rb") as f:
            data = f.read()
        ext = os.path.splitext(path)[1].lower()
        ctype = CONTENT_TYPES.get(ext) or mimetypes.guess_type(path)[0] or "application/octet-stream"
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        if ext == ".jpg":
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for i in range(0, len(data), 4096):
                chunk = data[i:i + 4096]
                self.wfile.write(b"%x\r\n" % len(chunk) + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
            return
        if ext == ".txt" and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(data, mtime=0)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
