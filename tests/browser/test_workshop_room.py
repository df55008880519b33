"""A whole workshop in a real room, in real browsers, through the deploy's nginx (issue 17: "done when").

Started here, on 127.0.0.1 and free ports, and stopped at the end: a site process of its own
(no ``NDL_SITE_URL``, so join links must come from the address actually used) and nginx in front of
it, configured from deploy/nginx.conf.template. A facilitator creates a workshop through the form;
a presenter screen shows it; three phones (browser contexts) join: one is reloaded twice, one is
offline for a minute. It must end with exactly 3 people counted; while only 2 phones have answered
(plus 2 paper votes) no result may show by any route (facilitator screen, presenter, phone, PDF,
CSV); a comment shows on the facilitator's screen within one refresh; and neither nginx's logs nor
the site's own log may hold the private token, the join code, a participant's key or the client
address.
"""
from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from deploy.render_nginx import render
from ndl_explain.i18n import catalogue
from tests.browser import workshops
from tests.browser.conftest import _die_with_parent, _free_port, _log_tail, _stop, _streamlit_command, phone_context
from tests.browser.helpers import READY, open_page, settle, wait_for_rerun, wait_rendered
from tests.conftest import PROJECT
from tests.pdftext import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OFFLINE_SECONDS = 60
Q1 = "The NDL would be one big database that stores everyone's data."


def w(key: str, **values) -> str:
    return catalogue().t("en", f"workshop.{key}", **values)


def wn(key: str, n: int, **values) -> str:
    return catalogue().tn("en", f"workshop.{key}", n, **values)


def _healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"exited with {proc.returncode}:\n{_log_tail(log)}", pytrace=False)
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.25)
    pytest.fail(f"{url} did not answer its health check:\n{_log_tail(log)}", pytrace=False)


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """A site process of its own and nginx in front of it. Yields nginx's address and the files."""
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if exe is None:
        pytest.skip("nginx is not installed (scripts/setup.sh --dev installs it)")
    # Not under pytest's own temporary folder (0700): when the test runs as root, nginx's workers run
    # as another user (nobody), and must reach the cache of Streamlit's static files kept in here.
    folder = Path(tempfile.mkdtemp(prefix="ndl-room-"))
    folder.chmod(0o755)
    data, site_log = folder / "data", folder / "site.log"
    port = _free_port()
    env = {**os.environ, "NDL_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
    for name in ("NDL_DATABASE_URL", "NDL_SITE_URL"):
        env.pop(name, None)  # join links must come from the address the visitor uses
    with open(site_log, "wb") as out:
        site = subprocess.Popen(_streamlit_command() + [
            "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true"], cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent)
    prefix = folder / "nginx"
    (prefix / "temp").mkdir(parents=True)
    proxy_port = _free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(render([f"127.0.0.1:{port}"], f"127.0.0.1:{proxy_port}", prefix=str(prefix), foreground=True,
                           user=None, worker_processes="1"))
    proxy = subprocess.Popen([exe, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                             start_new_session=True, preexec_fn=_die_with_parent)
    try:
        _healthy(f"http://127.0.0.1:{port}", site, site_log)
        _healthy(f"http://127.0.0.1:{proxy_port}", proxy, prefix / "error.log", timeout=30)
        yield {"url": f"http://127.0.0.1:{proxy_port}", "data": data, "site_log": site_log,
               "logs": [prefix / "access.log", prefix / "error.log"]}
    finally:
        _stop(proxy)
        _stop(site)
        try:
            (PROJECT / "artifacts" / "browser").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(site_log, PROJECT / "artifacts" / "browser" / "room-site.log")
        except OSError:
            pass
        shutil.rmtree(folder, ignore_errors=True)


# ---- what a person does -------------------------------------------------------------------------
def first_question(page):
    return page.locator('[data-testid="stRadio"]').first


def answer(page, choice: str) -> None:
    """Pick ``choice`` for the first statement and press Send; wait for the confirmation."""
    first_question(page).get_by_text(choice, exact=True).click()
    send = page.get_by_role("button", name=w("send_answers"))
    wait_for_rerun(page, lambda: send.click(), done=lambda: page.get_by_text(w("saved")).wait_for(timeout=30_000))


def chosen(page) -> list[bool]:
    return [first_question(page).locator("input[type=radio]").nth(i).is_checked() for i in range(3)]


def key_of(page) -> str:
    return parse_qs(urlsplit(page.url).query)["p"][0]


def charts(page) -> int:
    return page.locator('[data-testid="stMain"] [data-testid="stVegaLiteChart"]').count()


def download(page, label: str) -> bytes:
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def nothing_shown(page, where: str) -> None:
    """No chart and no result sentence: only the calm "waiting for 3" note (or nothing)."""
    assert charts(page) == 0, f"a chart on the {where}"
    body = page.inner_text('[data-testid="stMain"]')
    for giveaway in ("got this right", "answers so far", "This includes"):
        assert giveaway not in body, f"{giveaway!r} on the {where}"


def test_a_workshop_with_three_phones_one_reloaded_twice_one_offline_for_a_minute(browser, room):
    base = room["url"]
    # -- the facilitator creates the workshop through the form ------------------------------------
    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    fac = desk.new_page()
    open_page(fac, base, "/facilitate")
    fac.get_by_role("textbox", name=w("title_label")).fill("Library evening")
    for kind in ("comfort", "reassure", "benefit"):  # the true-or-false check only
        fac.locator(f".st-key-ws_new_{kind} label").click()
    fac.locator(".st-key-ws_new_free_text label").click()
    wait_for_rerun(fac, lambda: fac.get_by_role("button", name=w("create_button")).click(),
                   done=lambda: fac.get_by_text(w("private_link_heading")).wait_for())
    token = parse_qs(urlsplit(fac.url).query)["token"][0]
    code = re.search(r"join code is (\w{6})", fac.inner_text("body")).group(1)
    assert f"{base}/workshop" in fac.inner_text('[data-testid="stMain"]'), "the join link uses nginx's address"
    service = workshops.service_for(room["data"])
    workshop_id = service.join(code).id

    screen = desk.new_page()
    open_page(screen, base, f"/present?code={code}")
    assert token not in screen.content() and "token" not in screen.url

    # -- three phones join -------------------------------------------------------------------------
    contexts = [phone_context(browser.new_context, width) for width in (390, 390, 320)]
    anna, ben, cara = (c.new_page() for c in contexts)
    for phone in (anna, ben, cara):
        open_page(phone, base, f"/workshop?code={code}")
        assert code in phone.url and key_of(phone)
    keys = [key_of(p) for p in (anna, ben, cara)]
    assert len(set(keys)) == 3

    # Anna answers, then her phone is reloaded twice: still one person, her answer kept.
    answer(anna, "True")
    for again in ("False", "True"):
        anna.reload(wait_until="domcontentloaded")
        wait_rendered(anna)
        assert key_of(anna) == keys[0]
        assert chosen(anna)[0 if again == "False" else 1], "her own answer is shown after the reload"
        answer(anna, again)

    # Ben answers, is offline for a minute (a tunnel, a lift), comes back and answers again.
    answer(ben, "False")
    contexts[1].set_offline(True)
    time.sleep(OFFLINE_SECONDS)
    contexts[1].set_offline(False)
    ben.wait_for_selector(READY, timeout=60_000)
    settle(ben)
    if not ben.get_by_role("button", name=w("send_answers")).count():  # a page that gave up: reload it
        ben.reload(wait_until="domcontentloaded")
        wait_rendered(ben)
    answer(ben, "False")
    assert service.store.participant_count(workshop_id) == 2

    # -- 2 phones and 2 paper votes: nothing may show, by any route ---------------------------------
    fac.get_by_text(w("show_results_toggle")).click()
    settle(fac, 500)
    fac.get_by_text(w("paper_toggle")).click()
    fac.locator('[data-testid="stNumberInput"] input').first.wait_for()
    fac.locator('[data-testid="stNumberInput"] input').first.fill("2")
    wait_for_rerun(fac, lambda: fac.get_by_role("button", name=w("paper_save")).click(),
                   done=lambda: fac.get_by_text(w("paper_saved")).wait_for())
    fac.reload(wait_until="domcontentloaded")  # the private link is the address: a reload keeps it
    wait_rendered(fac)
    assert code in fac.inner_text('[data-testid="stMain"]')
    fac.get_by_text(w("waiting_for_group", n=3)).first.wait_for()
    nothing_shown(fac, "facilitator's screen")
    screen.reload(wait_until="domcontentloaded")
    wait_rendered(screen)
    screen.get_by_text(w("waiting_for_group", n=3)).wait_for()
    nothing_shown(screen, "presenter screen")
    anna.reload(wait_until="domcontentloaded")
    wait_rendered(anna)
    anna.get_by_text(w("results_heading")).wait_for()
    nothing_shown(anna, "phone")
    rows = [r for r in csv.DictReader(io.StringIO(download(fac, w("export_button")).decode()))
            if r["question"] == Q1 and r["step_id"] == "check-before"]
    assert rows and all(r["phone_votes"] == r["paper_votes"] == r["total_votes"] == "" for r in rows), rows
    summary = download(fac, w("summary_button_pdf"))
    if summary.startswith(b"%PDF"):
        text = pdf_text(summary)
        assert w("summary_too_few", n=3) in text
        assert "people answered (" not in text and "2 on phones" not in text

    # -- the third phone: 3 people, results show; her comment reaches the facilitator at once --------
    cara.locator("textarea").fill("Who checks the people who check?")
    answer(cara, "False")
    box = cara.get_by_text(w("saved")).bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= 760, f"the confirmation is out of sight: {box}"
    assert service.store.participant_count(workshop_id) == 3
    fac.get_by_text("Who checks the people who check?").wait_for(timeout=15_000)  # no reload: the refresh
    fac.get_by_text(wn("people_answered", 3 + 2)).wait_for(timeout=15_000)
    assert charts(fac) >= 1
    screen.get_by_text("got this right").first.wait_for(timeout=15_000)
    for page in (fac, screen, anna, ben, cara):
        assert not page.locator('[data-testid="stException"]').count()

    for context in (desk, *contexts):
        context.close()
    assert service.store.participant_count(workshop_id) == 3  # exactly 3 people, at the end too

    # -- the logs ---------------------------------------------------------------------------------------
    time.sleep(0.5)
    secrets = [token, code, *keys]
    for path in room["logs"] + [room["site_log"]]:
        text = path.read_text(errors="replace") if path.exists() else ""
        for secret in secrets:
            assert secret not in text, f"{secret!r} is in {path.name}"
        assert "token=" not in text and "code=" not in text, path.name
    access = room["logs"][0].read_text(errors="replace")
    assert "/workshop" in access and "/facilitate" in access, "nginx still logs the paths"
    assert "127.0.0.1" not in re.sub(r"upstream=\S+", "", access), "no client address in the access log"
