"""Start and stop Streamlit servers on loopback ports for benchmarks, and read their CPU and memory.

Every process started here is recorded and stopped at exit (normal, error, Ctrl-C, SIGTERM or
the hard timeout), by its own pid only.
"""
from __future__ import annotations

import atexit
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import psutil

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / "bench"
RESULTS_DIR = BENCH_DIR / "results"
HELLO_APP = BENCH_DIR / "hello.py"

_started: list["Server"] = []
_lock = threading.Lock()


def export_snapshot(rev: str = "HEAD") -> Path:
    """The site as committed at ``rev`` (``git archive``), in a new temporary folder: benchmarks
    then measure one known version, not files someone is halfway through editing."""
    import tempfile

    import shutil

    root = Path(tempfile.mkdtemp(prefix="ndl-snapshot-"))
    atexit.register(shutil.rmtree, root, True)
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=PROJECT_DIR, capture_output=True,
                             check=True, timeout=120).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True, timeout=120)
    return root


def use_code_from(root: Path) -> None:
    """Import ``ndl_explain`` (for discovery and the workshop service) from ``root``."""
    if "ndl_explain" in sys.modules and not str(sys.modules["ndl_explain"].__file__).startswith(str(root)):
        raise RuntimeError("ndl_explain was imported before choosing the code to benchmark")
    sys.path.insert(0, str(root))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def split_flags(argv: list[str] | None = None) -> tuple[list[str], list[str]]:
    """(the benchmark's own arguments, the Streamlit flags after ``--``) from ``argv`` or the command line."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" in argv:
        i = argv.index("--")
        return argv[:i], argv[i + 1:]
    return argv, []


def config_args(flags: list[str] | None) -> list[str]:
    """Extra Streamlit options as given on our command line: ``--runner.postScriptGC false`` or
    ``--runner.postScriptGC=false``."""
    out: list[str] = []
    for flag in flags or []:
        out.extend(flag.split("=", 1) if flag.startswith("--") and "=" in flag else [flag])
    return out


@dataclass
class Server:
    """One ``streamlit run`` process on 127.0.0.1."""

    name: str
    script: Path
    port: int = 0
    flags: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    wrapper: list[str] = field(default_factory=list)  # e.g. [python, -m, bench.profile_server, out]
    cwd: Path = PROJECT_DIR  # where .streamlit/config.toml is read (and bench.* wrappers imported)
    proc: subprocess.Popen | None = None
    ps: psutil.Process | None = None
    spawned_at: float = 0.0
    healthy_after: float | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def command(self) -> list[str]:
        base = self.wrapper or [sys.executable, "-m", "streamlit"]
        return [
            *base, "run", str(self.script),
            "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            *config_args(self.flags),
        ]

    def start(self) -> "Server":
        if not self.port:
            self.port = free_port()
        env = {**os.environ, **self.env, "PYTHONUNBUFFERED": "1"}
        log = open(self.log_path, "w") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.spawned_at = time.perf_counter()
        # cwd = the project, so both the site and hello world read the same .streamlit/config.toml
        self.proc = subprocess.Popen(self.command(), cwd=self.cwd, env=env, stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        if log is not subprocess.DEVNULL:
            log.close()
        with _lock:
            _started.append(self)
        self.ps = psutil.Process(self.proc.pid)
        return self

    def wait_healthy(self, timeout: float = 60.0) -> float:
        """Seconds from spawn until ``/_stcore/health`` answers ok."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited early (see {self.log_path})")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        self.healthy_after = time.perf_counter() - self.spawned_at
                        return self.healthy_after
            except OSError:
                pass
            time.sleep(0.05)
        raise TimeoutError(f"{self.name} not healthy after {timeout} s (see {self.log_path})")

    def cpu_seconds(self) -> float:
        """User + system CPU of the server process, all threads (including finished ones)."""
        t = self.ps.cpu_times()
        return t.user + t.system

    def rss_mb(self) -> float:
        return self.ps.memory_info().rss / 2**20

    def stop(self, timeout: float = 10.0) -> None:
        proc = self.proc
        if proc is None:
            return
        if proc.poll() is None:
            try:
                proc.send_signal(signal.SIGTERM)
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
            except ProcessLookupError:
                pass
        with _lock:
            if self in _started:
                _started.remove(self)


def stop_all() -> None:
    with _lock:
        servers = list(_started)
    for server in servers:
        try:
            server.stop()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


atexit.register(stop_all)


def install_hard_timeout(seconds: float) -> threading.Timer:
    """Whatever happens, stop our servers and exit after ``seconds``."""

    def expire() -> None:
        print(f"\n[bench] hard timeout of {seconds:.0f} s reached: stopping everything", file=sys.stderr, flush=True)
        stop_all()
        os._exit(3)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    return timer


def install_signal_handlers() -> None:
    def handler(signum, _frame):
        stop_all()
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, handler)
    signal.signal(signal.SIGHUP, handler)


def settle_cpu(server: Server, quiet: float = 0.15, limit: float = 3.0) -> None:
    """Wait until the server's CPU stops moving (post-run GC and cleanup done), at most ``limit`` s."""
    end = time.perf_counter() + limit
    last = server.cpu_seconds()
    while time.perf_counter() < end:
        time.sleep(quiet)
        now = server.cpu_seconds()
        if now - last < 0.005:
            return
        last = now
