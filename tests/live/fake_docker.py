#!/usr/bin/env python3
"""A fake Docker API on a unix socket, for tests/live/containers.bats:
GET /containers/ID/json answers for the one container it is told about
(ID, name, image), 404 for any other; every request is logged.

    fake_docker.py SOCKET ID NAME IMAGE LOG
"""
import json
import os
import socketserver
import sys

sock, cid, name, image, log = sys.argv[1:6]


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline().decode("latin-1").strip()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        with open(log, "a") as f:
            f.write(line + "\n")
        parts = line.split()
        path = parts[1] if len(parts) > 1 else ""
        if path == f"/containers/{cid}/json":
            body = json.dumps({
                "Id": cid, "Name": "/" + name,
                "Image": "sha256:" + "ab" * 32,
                "Config": {"Image": image},
                "HostConfig": {"Privileged": True},
                "Mounts": [{"Type": "bind", "Source": "/srv/data", "Destination": "/data",
                            "Mode": "ro", "RW": False, "Propagation": "rprivate"}],
            }).encode()
            head = "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n"
        else:
            body = b'{"message":"No such container"}'
            head = "HTTP/1.0 404 Not Found\r\n"
        head += f"Content-Length: {len(body)}\r\n\r\n"
        self.wfile.write(head.encode() + body)


if os.path.exists(sock):
    os.unlink(sock)
with socketserver.UnixStreamServer(sock, Handler) as server:
    server.serve_forever()
