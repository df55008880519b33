"""The deploy's nginx keeps nothing private on disk (issue 17, failure 3), tested with a real nginx.

The configuration is rendered from deploy/nginx.conf.template and nginx is started on a free
127.0.0.1 port in front of a small stand-in site (it records the headers it is sent). Requests carry
a facilitator token, a join code, a participant key and the words of a search in their addresses,
and come from 127.0.0.2 (so the client's address can be told apart from the upstream's 127.0.0.1 in
the log). Neither the access log nor the error log may hold any of them; the site must still learn
the client's address (``X-Forwarded-For``, set by nginx, never the one a client sends).
"""
from __future__ import annotations

import http.client
import http.server
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

from deploy.render_nginx import render
from tests.scale.pgcluster import free_port

TOKEN = "SeCrEtToKeN_0123456789abcdefXYZ"
CODE = "K7P2QX"
KEY = "PaRtIcIpAnTkEy_98765432"
SEARCH = "zzworried about my daughters asthma"  # words a visitor searched for (the privacy page: never logged)
CLIENT = "127.0.0.2"  # a loopback address of its own: the "visitor"
SPOOFED = "203.0.113.66"


class StandIn(http.server.BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_GET(self):  # noqa: N802 - the http.server name
        StandIn.seen.append(dict(self.headers))
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # quiet
        pass


@pytest.fixture
def nginx(tmp_path):
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if exe is None:
        pytest.skip("nginx is not installed (scripts/setup.sh --dev installs it)")
    site = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), StandIn)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    prefix = tmp_path / "nginx"
    (prefix / "temp").mkdir(parents=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(render([f"127.0.0.1:{site.server_address[1]}"], f"127.0.0.1:{port}", prefix=str(prefix),
                           foreground=True, user=None, worker_processes="1"))
    proc = subprocess.Popen([exe, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"nginx did not start: {(prefix / 'error.log').read_text(errors='replace')[-2000:]}")
                time.sleep(0.1)
        yield {"port": port, "prefix": prefix, "site": site, "proc": proc}
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
        site.shutdown()


def get(port: int, path: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(CLIENT, 0))
    try:
        conn.request("GET", path, headers={"X-Forwarded-For": SPOOFED, "Referer": f"http://x/facilitate?token={TOKEN}"})
        return conn.getresponse().status
    finally:
        conn.close()


def logs(prefix: Path) -> str:
    time.sleep(0.3)  # nginx writes a request's line just after answering it
    return "\n".join(p.read_text(errors="replace") for p in (prefix / "access.log", prefix / "error.log") if p.exists())


def test_the_logs_keep_no_token_code_key_or_client_address(nginx):
    search = "/search?q=" + SEARCH.replace(" ", "+") + "&lang=cy"
    paths = [f"/facilitate?token={TOKEN}", f"/workshop?code={CODE}&p={KEY}", f"/present?code={CODE}",
             f"/workshop/?code={CODE}", f"/_stcore/health?token={TOKEN}", search]
    for path in paths:
        assert get(nginx["port"], path) == 200
    nginx["site"].shutdown()  # the site goes away: nginx now logs errors about these requests too
    nginx["site"].server_close()
    for path in paths:
        assert get(nginx["port"], path) in (502, 504)
    text = logs(nginx["prefix"])
    assert "/facilitate" in text and "/workshop" in text and "/search" in text, "requests are still logged (their paths)"
    for secret in (TOKEN, CODE, KEY, CLIENT, SPOOFED, "token=", "code=", "q=", "zzworried", "asthma"):
        assert secret not in text, f"{secret!r} is in the nginx logs:\n{text[-3000:]}"


def test_the_site_learns_the_client_address_from_nginx_not_from_the_client(nginx):
    StandIn.seen.clear()
    assert get(nginx["port"], "/workshop") == 200
    headers = StandIn.seen[-1]
    assert headers.get("X-Forwarded-For") == CLIENT  # what nginx saw, the client's own header dropped
