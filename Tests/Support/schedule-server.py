#!/usr/bin/env python3
"""A schedule server for Hallway's tests, on 127.0.0.1 only.

Serves the files of --dir under /files/NAME with an ETag and Last-Modified, answering 304 to a
matching conditional request, and misbehaves on purpose elsewhere: /missing (404), /loop (a redirect
to itself), /stall (headers, then nothing), /truncated (a body shorter than its Content-Length),
/huge (a body that never ends), /garbage (bytes with no HTTP status line, as an HTTP/0.9
server or something that is no web server answers). A request carrying a header named
X-Injected is logged as "INJECTED" too. A file NAME.mode holding one of those words makes /files/NAME
misbehave the same way, so a test can break a URL whose copy is already kept. Prints its port on the first line, then logs one line per request
("METHOD PATH STATUS conditional=yes|no") to --log.
"""
import argparse, hashlib, http.server, os, sys, time, email.utils

parser = argparse.ArgumentParser()
parser.add_argument("--dir", required=True)
parser.add_argument("--log", required=True)
args = parser.parse_args()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def note(self, status):
        conditional = "yes" if self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since") else "no"
        with open(args.log, "a") as log:
            log.write(f"{self.command} {self.path} {status} conditional={conditional}\n")
            if self.headers.get("X-Injected") is not None:
                log.write("INJECTED\n")

    def send_body(self, status, body, content_type="text/plain", extra=()):
        self.note(status)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in extra:
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        behaviour = self.path
        if self.path.startswith("/files/"):
            path = os.path.join(args.dir, os.path.basename(self.path))
            if os.path.isfile(path + ".mode"):
                behaviour = "/" + open(path + ".mode").read().strip()
        if self.path.startswith("/files/") and behaviour == self.path:
            if not os.path.isfile(path):
                return self.send_body(404, b"not found")
            body = open(path, "rb").read()
            etag = '"' + hashlib.sha1(body).hexdigest() + '"'
            modified = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
            if self.headers.get("If-None-Match") == etag:
                self.note(304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            kind = "text/calendar" if path.endswith(".ics") else "application/xml" if path.endswith(".xml") else "application/json"
            return self.send_body(200, body, kind, [("ETag", etag), ("Last-Modified", modified)])
        if behaviour == "/garbage":
            self.note(0)
            self.wfile.write(b"SSH-2.0-OpenSSH_9.2\r\nnot a web server\r\n")
            self.wfile.flush()
            self.close_connection = True
            return
        if behaviour == "/missing":
            return self.send_body(404, b"not found")
        if behaviour == "/loop":
            self.note(302)
            self.send_response(302)
            self.send_header("Location", self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if behaviour == "/stall":
            self.note(200)
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"{")
            self.wfile.flush()
            time.sleep(30)
            return
        if behaviour == "/truncated":
            self.note(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b'{"schedule": {"conference": {')
            self.wfile.flush()
            self.close_connection = True
            return
        if behaviour == "/huge":
            self.note(200)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            try:
                for _ in range(4096):
                    self.wfile.write(b" " * 65536)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        self.send_body(404, b"not found")


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
