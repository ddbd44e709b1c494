#!/usr/bin/env python3
# rawhttp.py URL HEAD [BODY-FILE] - send one HTTP request byte for byte, for the tests of
# txng serve and txng witness serve (tests/web/http.sh, tests/witness/http.sh): HEAD with \r\n
# written as such (and other escapes of Python's unicode_escape), then the bytes of BODY-FILE.
# Prints the answer's status line, its header fields one a line, an empty line, then its body.
import socket
import sys
import urllib.parse

u = urllib.parse.urlparse(sys.argv[1])
s = socket.create_connection((u.hostname, u.port))
s.settimeout(10)
body = open(sys.argv[3], "rb").read() if len(sys.argv) > 3 and sys.argv[3] else b""
s.sendall(sys.argv[2].encode().decode("unicode_escape").encode("latin-1") + body)
out = b""
try:
    while True:
        b = s.recv(65536)
        if not b:
            break
        out += b
except OSError:
    pass
head, _, body = out.partition(b"\r\n\r\n")
lines = head.split(b"\r\n")
print(lines[0].decode())
for line in lines[1:]:
    print(line.decode("latin-1"))
print()
sys.stdout.write(body.decode("utf-8", "replace"))
