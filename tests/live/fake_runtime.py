#!/usr/bin/env python3
"""A fake container runtime on a unix socket, for tests/live/containers.bats.
It answers for the one container it is told about (ID, name, image) and
404 for any other; every request line is logged.

    fake_runtime.py SOCKET ID NAME IMAGE LOG [FLAVOUR]

FLAVOUR docker (the default; podman's compatible API is the same) answers
GET /containers/ID/json as Docker does; crio answers GET /containers/ID as
CRI-O's inspect API does.
"""
import json
import os
import socketserver
import sys

sock, cid, name, image, log = sys.argv[1:6]
flavour = sys.argv[6] if len(sys.argv) > 6 else "docker"


def docker():
    return f"/containers/{cid}/json", {
        "Id": cid, "Name": "/" + name,
        "Image": "sha256:" + "ab" * 32,
        "Config": {"Image": image},
        "HostConfig": {"Privileged": True},
        "Mounts": [{"Type": "bind", "Source": "/srv/data", "Destination": "/data",
                    "Mode": "ro", "RW": False, "Propagation": "rprivate"}],
    }


def crio():
    return f"/containers/{cid}", {
        "name": f"k8s_{name}_pod_default_uid_0", "pid": 1, "image": image,
        "image_ref": "ab" * 32, "created_time": 0,
        "labels": {"io.kubernetes.container.name": name},
        "annotations": {}, "log_path": "", "root": "", "sandbox": "cd" * 32,
        "ip_addresses": ["10.0.0.2"],
    }


known, description = {"docker": docker, "crio": crio}[flavour]()


class Handler(socketserver.StreamRequestHandler):
    def handle(self):
        line = self.rfile.readline().decode("latin-1").strip()
        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
            pass
        with open(log, "a") as f:
            f.write(line + "\n")
        parts = line.split()
        path = parts[1] if len(parts) > 1 else ""
        if path == known:
            body = json.dumps(description).encode()
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
