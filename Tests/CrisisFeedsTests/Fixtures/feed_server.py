"""A feed server on 127.0.0.1 for the fetch tests: prints its port, then serves the fixtures and the ways real
servers misbehave. Each path is one behaviour; /count/PATH says how many requests PATH had."""
import gzip
import http.server
import os
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
hits = Counter()


def fixture(name):
    with open(os.path.join(HERE, name), "rb") as f:
        return f.read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        hits[path] += 1
        if path.startswith("/count/"):
            return self.send(200, str(hits["/" + path[len("/count/"):]]).encode())
        if path.startswith("/served/"):
            # A file the test rewrites as the world changes (FEED_DIR), with an ETag of its content.
            name = os.path.basename(path[len("/served/"):])
            try:
                with open(os.path.join(os.environ.get("FEED_DIR", "/nonexistent"), name), "rb") as f:
                    body = f.read()
            except OSError:
                return self.send(404, b"not found")
            etag = '"%x"' % (hash(body) & 0xFFFFFFFF)
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, headers=[("ETag", etag)])
            return self.send(200, body, [("ETag", etag), ("Content-Type", "application/rss+xml")])
        if path == "/gdacs":
            etag = '"gdacs-v1"'
            if self.headers.get("If-None-Match") == etag:
                return self.send(304, headers=[("ETag", etag)])
            return self.send(200, fixture("gdacs.xml"), [("ETag", etag), ("Content-Type", "application/rss+xml")])
        if path == "/modified":
            stamp = "Thu, 03 Dec 2026 06:00:00 GMT"
            if self.headers.get("If-Modified-Since") == stamp:
                return self.send(304)
            return self.send(200, fixture("usgs.geojson"), [("Last-Modified", stamp)])
        if path == "/gzip":
            accepted = "gzip" in (self.headers.get("Accept-Encoding") or "")
            body = fixture("cap-atom.xml")
            if not accepted:
                return self.send(406, b"gzip only")
            return self.send(200, gzip.compress(body), [("Content-Encoding", "gzip")])
        if path == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.2)
            return
        if path == "/huge":
            return self.send(200, b"<rss>" + b" " * (20 << 20) + b"</rss>")
        if path == "/bomb":
            return self.send(200, gzip.compress(b" " * (20 << 20)), [("Content-Encoding", "gzip")])
        if path == "/malformed":
            return self.send(200, b'<?xml version="1.0"?>\n<rss><channel>\n<item><title>cut')
        if path == "/flaky":
            if hits[path] <= 2:
                return self.send(500, b"oops")
            return self.send(200, fixture("reliefweb.json"))
        if path == "/moved":
            return self.send(301, headers=[("Location", "/gdacs")])
        return self.send(404, b"no such feed")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
if len(sys.argv) == 4 and sys.argv[1] == "--tls":
    import ssl
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[2], sys.argv[3])
    server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
