"""Two site processes behind nginx, sharing one PostgreSQL: the layout of deploy/README.md, for real.

Started here, all on 127.0.0.1 and free ports, all stopped at the end (also on failure):
a throwaway PostgreSQL cluster (tests/scale/pgcluster.py), two site processes started by
``deploy/start-processes.sh``, and nginx with a configuration rendered from
``deploy/nginx.conf.template`` (``-p <tmp> -c <tmp>/nginx.conf``, ``daemon off``).

Browsers are played by bench/protocol.py (Streamlit's own websocket protocol). One workshop is
joined through each process directly and through nginx; everyone answers; both presenter views
must count every answer. nginx must keep each browser on one process (its websocket and its later
requests) and spread browsers over both. Then the database is stopped: explainer pages still
serve through nginx and the workshop screens say live voting is unavailable; after a restart no
stored answer is missing and voting works again.

Needs ``nginx`` and PostgreSQL (installed by ``scripts/setup.sh --dev``); skipped without them.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from bench.protocol import StreamlitClient
from deploy.render_nginx import render
from tests.conftest import PROJECT
from tests.scale.pgcluster import PostgresCluster, PostgresUnavailable, free_port

pytestmark = pytest.mark.slow

START_TIMEOUT = 120  # seconds for a site process / nginx to answer its health check
RUN_TIMEOUT = 60  # seconds for one page run
UNAVAILABLE = "Live voting is not available"
ANSWERED_THROUGH_NGINX: dict[str, int] = {}  # workshop code -> browsers that answered in the first test


# ---- helpers -----------------------------------------------------------------------------------
def http_get(url: str, cookie: str | None = None, timeout: float = 10) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback only
        return response.status, response.read().decode("utf-8", "replace")


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"exited with {proc.returncode} before {url} was healthy:\n{tail(log)}")
        try:
            if http_get(f"{url}/_stcore/health", timeout=2)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} not healthy after {timeout} s:\n{tail(log)}")


def tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no {path})"


def stop_group(proc: subprocess.Popen, timeout: float = 20) -> None:
    """Stop a process we started in its own session, and its children (by its process group id)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(10)
        except ProcessLookupError:
            pass
    try:  # children left behind if the script itself died first
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run(coro, timeout: float = 300):
    """Run one async step of the test, bounded.

    In its own thread: when the browser tests ran first in the same pytest process, Playwright's sync
    API leaves an event loop running in the main thread, and asyncio.run refuses to start there.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, asyncio.wait_for(coro, timeout)).result()


def alerts(client: StreamlitClient) -> list[str]:
    return [el.alert.body for _path, kind, el, _f in client.elements if kind == "alert"]


def answered_counts(client: StreamlitClient) -> list[int]:
    """The presenter's "N people have answered so far." numbers on the page."""
    found = []
    for text in client.texts():
        m = re.search(r"(\d+) (?:people have|person has) answered so far", text)
        if m:
            found.append(int(m.group(1)))
    return found


# ---- what is started ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def tmp() -> Path:
    """A folder of our own, not under pytest's basetemp: another pytest session starting on the same
    machine deletes all but its three newest basetemps, which once took the database's files away in
    the middle of this test."""
    folder = Path(tempfile.mkdtemp(prefix="ndl-scale-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def pg(tmp):
    try:
        cluster = PostgresCluster(tmp / "pg")
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))
    cluster.start()
    try:
        cluster.url = cluster.create_database("ndl")
        yield cluster
    finally:
        cluster.stop("immediate")


@pytest.fixture(scope="module")
def sites(tmp, pg):
    """Two site processes, started by deploy/start-processes.sh, on the shared PostgreSQL."""
    ports = [free_port(), free_port()]
    logs = tmp / "sites"
    logs.mkdir()
    env = {**os.environ, "NDL_DATABASE_URL": pg.url, "NDL_DATA_DIR": str(tmp / "data"),
           "NDL_LOG_DIR": str(logs), "NDL_SKIP_SETUP": "1", "NDL_ADDRESS": "127.0.0.1",
           "NDL_DB_TIMEOUT": "2", "NDL_DB_POOL_SIZE": "3", "NDL_DB_MAX_OVERFLOW": "5"}
    script_log = logs / "start-processes.log"
    with open(script_log, "w") as out:
        proc = subprocess.Popen(["bash", str(PROJECT / "deploy" / "start-processes.sh"), *map(str, ports)],
                                cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        for port in ports:
            wait_healthy(f"http://127.0.0.1:{port}", proc, logs / f"site-{port}.log")
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        stop_group(proc)


@pytest.fixture(scope="module")
def nginx(tmp, sites):
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if exe is None:
        pytest.skip("nginx is not installed (scripts/setup.sh --dev installs it)")
    prefix = tmp / "nginx"
    (prefix / "temp").mkdir(parents=True)
    port = free_port()
    servers = [url.removeprefix("http://") for url in sites]
    conf = prefix / "nginx.conf"
    # no `user`: as root the workers run as nobody, otherwise as whoever runs the test
    conf.write_text(render(servers, f"127.0.0.1:{port}", prefix=str(prefix), foreground=True, user=None,
                           worker_processes="1"))
    with open(prefix / "stdout.log", "w") as out:
        proc = subprocess.Popen([exe, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc, prefix / "error.log", timeout=30)
        proc.access_log = prefix / "access.log"
        proc.url = f"http://127.0.0.1:{port}"
        yield proc
    finally:
        stop_group(proc)


@pytest.fixture(scope="module")
def service(pg):
    from ndl_explain.workshop import WorkshopService, WorkshopStore

    store = WorkshopStore(pg.url)
    yield WorkshopService(store)
    store.dispose()


# ---- the browsers ------------------------------------------------------------------------------
async def join_and_answer(url: str, code: str, pick: int) -> StreamlitClient:
    """Open the join link, answer every question of the first activity, press Send."""
    client = StreamlitClient(url, timeout=RUN_TIMEOUT)
    await client.connect()
    r = await client.open(f"/workshop?code={code}")
    assert r.ok, (url, r.status, r.exceptions)
    radios = client.find("radio", key_prefix=f"ws-{code}-0-")
    send = client.find(key=f"ws-send-{code}-0")
    assert radios and send, f"no answer form at {url}: {[w.key for w in client.widgets.values()]}"
    r = await client.submit(send[0], {w: pick % len(w.options) for w in radios})
    assert r.ok and r.alert_time("success") is not None, (url, r.alerts, r.exceptions)
    return client


async def presenter_counts(url: str, token: str) -> list[int]:
    async with StreamlitClient(url, timeout=RUN_TIMEOUT) as presenter:
        r = await presenter.open(f"/facilitate?token={token}")
        assert r.ok, (url, r.status, r.exceptions)
        return answered_counts(presenter)


def log_lines(path: Path) -> list[str]:
    return path.read_text(errors="replace").splitlines() if path.exists() else []


def upstream(line: str) -> str:
    m = re.search(r"upstream=(\S+)", line)
    return m.group(1) if m else ""


async def wait_for_log(path: Path, pattern: str, after: int, timeout: float = 15) -> str:
    """The first line after line ``after`` matching ``pattern`` (nginx logs a websocket when it closes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in log_lines(path)[after:]:
            if re.search(pattern, line):
                return line
        await asyncio.sleep(0.1)
    raise TimeoutError(f"no {pattern!r} in {path} within {timeout} s")


# ---- the tests ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def workshop(service):
    return service.create_workshop("Two processes", ["check"])


def test_nginx_keeps_each_browser_on_one_process_and_spreads_browsers(nginx, sites, workshop, service):
    """Browsers through nginx: each one's websocket and later requests reach one process; both are used."""
    seen: dict[str, int] = {}

    async def one(i: int) -> None:
        before = len(log_lines(nginx.access_log))
        client = await join_and_answer(nginx.url, workshop.code, i)
        cookie = client.ws.request.headers.get("Cookie")
        assert cookie and "_streamlit_xsrf=" in cookie
        await client.close()
        ws_line = await wait_for_log(nginx.access_log, r'"GET /_stcore/stream [^"]*" 101 ', before)
        mark = len(log_lines(nginx.access_log))
        for _ in range(3):  # the same browser's later requests (as /media/... downloads would be)
            assert (await asyncio.to_thread(http_get, f"{nginx.url}/_stcore/health", cookie))[0] == 200
        deadline = time.monotonic() + 10  # nginx logs a request just after answering it
        while True:
            later = [upstream(line) for line in log_lines(nginx.access_log)[mark:] if "/_stcore/health" in line]
            if len(later) >= 3 or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.05)
        assert len(later) == 3 and set(later) == {upstream(ws_line)}, (ws_line, later)
        seen[upstream(ws_line)] = seen.get(upstream(ws_line), 0) + 1

    async def until_both() -> None:
        for i in range(20):  # random cookies: the chance that 20 all land on one process is 2**-19
            await one(i)
            if len(seen) == 2:
                return

    run(until_both())
    assert set(seen) == {url.removeprefix("http://") for url in sites}, seen
    ANSWERED_THROUGH_NGINX[workshop.code] = sum(seen.values())


def test_two_processes_share_a_workshop_and_survive_the_database_going_away(
        nginx, sites, workshop, service, pg):
    from ndl_explain.ui.workshop_common import RETRY_AFTER_SECONDS
    from ndl_explain.workshop.errors import Unavailable

    code, token = workshop.code, workshop.token
    through_nginx = ANSWERED_THROUGH_NGINX.get(code, 0)

    def stored() -> tuple[int, list[int]]:
        step = service.results(token)[0]
        return service.store.answer_rows(service.join(code).id), [q.respondents_phone for q in step.questions]

    async def scenario() -> None:
        # one browser directly on each process, one more through nginx
        direct = [await join_and_answer(url, code, i) for i, url in enumerate(sites)]
        try:
            via = await join_and_answer(nginx.url, code, 5)
            await via.close()
            people = through_nginx + len(direct) + 1
            rows, per_question = stored()
            assert per_question and set(per_question) == {people}, per_question
            # every process's presenter view counts every answer (whoever sent it, wherever)
            for url in sites:
                assert people in await presenter_counts(url, token), url
            before = rows

            # ---- the database goes away mid-workshop ----
            pg.stop("fast")
            with pytest.raises(Unavailable):
                service.results(token)
            status, body = await asyncio.to_thread(http_get, f"{nginx.url}/_stcore/health")
            assert (status, body.strip()) == (200, "ok")
            status, html = await asyncio.to_thread(http_get, f"{nginx.url}/")
            assert status == 200 and "<html" in html.lower()
            async with StreamlitClient(nginx.url, timeout=RUN_TIMEOUT) as visitor:
                r = await visitor.open("/")
                assert r.ok and not r.exceptions, (r.status, r.exceptions)
                assert sum(len(t) for t in visitor.texts()) > 200, "the home page drew almost nothing"
                pages = [p for p in visitor.page_url_paths() if p]
                explainers = [p for p in pages if p not in ("walkthrough", "what-if", "leaflets", "workshop",
                                                            "facilitate")]
                assert {"walkthrough", "what-if", "leaflets"} <= set(pages) and explainers, pages
                for page in ("walkthrough", "what-if", "leaflets", *explainers[:2]):
                    r = await visitor.open(f"/{page}")
                    assert r.ok and not r.exceptions, (page, r.status, r.exceptions)
                    assert visitor.texts(), f"/{page} drew nothing"
                    assert not any(UNAVAILABLE in a for a in alerts(visitor)), page
            for url in (nginx.url, *sites):
                async with StreamlitClient(url, timeout=RUN_TIMEOUT) as phone:
                    r = await phone.open(f"/workshop?code={code}")
                    assert r.ok, (url, r.status, r.exceptions)
                    assert any(UNAVAILABLE in a for a in alerts(phone)), (url, alerts(phone))
            async with StreamlitClient(sites[1], timeout=RUN_TIMEOUT) as presenter:
                r = await presenter.open(f"/facilitate?token={token}")
                assert r.ok and any(UNAVAILABLE in a for a in alerts(presenter)), alerts(presenter)
            # a phone that was already answering presses Send again: told, not broken
            radios = direct[0].find("radio", key_prefix=f"ws-{code}-0-")
            r = await direct[0].submit(direct[0].find(key=f"ws-send-{code}-0")[0], {w: 0 for w in radios})
            assert r.ok and any(UNAVAILABLE in a for a in alerts(direct[0])), alerts(direct[0])

            # ---- it comes back ----
            pg.start()
            rows, per_question = stored()
            assert rows == before and set(per_question) == {people}, (rows, before, per_question)
            # each process remembers the outage for a few seconds (pages say so at once rather than
            # each waiting on a dead database); after that, voting works again, through nginx
            await asyncio.sleep(RETRY_AFTER_SECONDS + 1)
            late = await join_and_answer(nginx.url, code, 1)
            await late.close()
            for url in sites:
                assert people + 1 in await presenter_counts(url, token), url
        finally:
            for client in direct:
                await client.close()

    try:
        run(scenario(), timeout=400)
    finally:
        if not pg.running:
            pg.start()


def test_no_log_holds_the_private_token_or_the_join_code(nginx, sites, workshop, tmp):
    """After everything above (joins, answers, presenter views, the database away and back), neither
    nginx's logs nor the site processes' own logs hold the workshop's private token or its join code."""
    files = [p for p in (tmp / "sites").glob("*.log")] + [tmp / "nginx" / "access.log", tmp / "nginx" / "error.log"]
    assert any(p.name.startswith("site-") for p in files), files
    for path in files:
        text = path.read_text(errors="replace") if path.exists() else ""
        for secret in (workshop.token, workshop.code, "token=", "code="):
            assert secret not in text, f"{secret!r} in {path.name}:\n{text[-2000:]}"
