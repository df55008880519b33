"""The browser suite's fixtures: one Streamlit server and one Chromium for the whole session.

- ``site_url``: the site, started with ``streamlit run app.py`` on 127.0.0.1 and a free port, with
  ``NDL_DATA_DIR`` in a temporary folder (workshop answers go there). We wait for
  ``/_stcore/health`` and then for the home page to render in a real browser (Streamlit runs the
  page script only when a browser connects, so a crashing app still says "ok" to the health check).
  The server is always stopped at the end, and its log is copied to ``artifacts/browser/``.
- Chromium: pytest-playwright's ``browser`` fixture, launched from Debian's ``/usr/bin/chromium``
  (``playwright install`` cannot download here). Override with ``NDL_CHROMIUM=/path``.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.browser.helpers import open_page, shown_errors
from tests.conftest import PROJECT

CHROMIUM = os.environ.get("NDL_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ARTIFACTS = PROJECT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
START_TIMEOUT = 90  # seconds, for a cold start on a slow CI machine

DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # overrides pytest-playwright's fixture
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) "
                    "or set NDL_CHROMIUM to its path. scripts/test.sh installs it.", pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def _die_with_parent() -> None:
    """In the server process (Linux): get SIGTERM if pytest itself is killed, so that no server is
    left running even when the session's teardown never happens."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _streamlit_command() -> list[str]:
    script = PROJECT / ".venv" / "bin" / "streamlit"
    if script.is_file():
        return [str(script)]
    return [sys.executable, "-m", "streamlit"]


def _log_tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


@pytest.fixture(scope="session")
def site_data_dir(tmp_path_factory) -> Path:
    """The server's NDL_DATA_DIR (its SQLite workshop database lives here)."""
    return tmp_path_factory.mktemp("ndl-data")


@pytest.fixture(scope="session")
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ndl-server") / "streamlit.log"


@pytest.fixture(scope="session")
def site_server(site_data_dir, server_log):
    """Start the site; yield its base URL; always stop it."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "NDL_DATA_DIR": str(site_data_dir), "NDL_SITE_URL": url,
           "PYTHONUNBUFFERED": "1"}
    env.pop("NDL_DATABASE_URL", None)  # the tests open the same SQLite file to set up workshops
    command = _streamlit_command() + [
        "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true"]
    with open(server_log, "wb") as log:
        process = subprocess.Popen(command, cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True,
                                   preexec_fn=_die_with_parent)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if process.poll() is not None:
                pytest.fail(f"streamlit exited with {process.returncode}:\n{_log_tail(server_log)}", pytrace=False)
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer /_stcore/health in {START_TIMEOUT}s:\n"
                            f"{_log_tail(server_log)}", pytrace=False)
            time.sleep(0.25)
        yield url
    finally:
        _stop(process)
        try:
            (ARTIFACTS / "browser").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(server_log, ARTIFACTS / "browser" / "streamlit.log")
        except OSError:
            pass


def _stop(process: subprocess.Popen) -> None:
    """Stop the server we started (its own process group, so nothing else is touched)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, PermissionError):
        pass
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=5)


@pytest.fixture(scope="session")
def site_url(site_server, browser, server_log) -> str:
    """The base URL of a running site whose home page has rendered once in Chromium."""
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        try:
            open_page(page, site_server, "/")
        except Exception as error:  # noqa: BLE001 - turn any wait failure into a readable one
            pytest.fail(f"the home page did not render: {error}\n{_log_tail(server_log)}", pytrace=False)
        errors = shown_errors(page)
        if errors:
            pytest.fail(f"the home page shows an error: {errors}\n{_log_tail(server_log)}", pytrace=False)
    finally:
        context.close()
    return site_server


@pytest.fixture(scope="session")
def visits(browser, site_url):
    """Each page visited once per device; tests assert on what was measured (see visits.py)."""
    from tests.browser.visits import Visits

    recorded = Visits(browser, site_url, SCREENSHOTS)
    yield recorded
    recorded.close()


@pytest.fixture(scope="module")
def shared_desktop(browser, site_url):
    """One page at 1280 x 800 reused by a whole test module (the browser caches Streamlit's
    JavaScript, which saves about a second a page). Each test opens its own address."""
    context = browser.new_context(viewport=DESKTOP)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(new_context, site_url):
    """A fresh page in a fresh context (no cookies or storage) at 1280 x 800."""
    return new_context(viewport=DESKTOP).new_page()


def phone_context(new_context, width: int, height: int = 760):
    """A phone: narrow, touch, mobile viewport rules, a high-density screen."""
    return new_context(viewport={"width": width, "height": height}, device_scale_factor=2,
                       is_mobile=True, has_touch=True)
