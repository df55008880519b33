"""The deploy's nginx in front of one site process, for real (as in test_two_processes.py): each page
address returns its own title and description in the raw HTML (what link previews and search
engines read), Streamlit's JavaScript comes back gzip-compressed, and the plain edition is served
with caching headers.

Started here on 127.0.0.1 and free ports, and stopped at the end: one site process by
``deploy/start-processes.sh`` (which also builds the plain edition into ``NDL_PLAIN_DIR`` and the
cut-down icon font into ``NDL_ICON_FONT_DIR``) and
nginx with a configuration from ``deploy/render_nginx.py``. Needs ``nginx``; skipped without it.
"""
from __future__ import annotations

import gzip
import html
import os
import re
import shutil
import subprocess
import tempfile
import urllib.request
from pathlib import Path

import pytest

from bench.protocol import StreamlitClient
from deploy.icon_font import built_font, streamlit_icon_font
from deploy.render_nginx import render
from ndl_explain import CONTENT_DIR, pagemeta
from ndl_explain.content import load_site
from ndl_explain.scenarios import load_scenarios
from tests.conftest import PROJECT
from tests.scale.pgcluster import free_port
from tests.scale.test_two_processes import run, stop_group, wait_healthy

pytestmark = pytest.mark.slow

SITE = load_site()
SCENARIOS = {lang: load_scenarios(CONTENT_DIR, lang) for lang in SITE.languages}


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:  # noqa: S310 - loopback only
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def page_html(url: str, gzip_ok: bool = True) -> str:
    """The HTML a browser (asking for gzip) or a link-preview robot (not asking) gets."""
    status, headers, body = fetch(url, {"Accept-Encoding": "gzip"} if gzip_ok else {})
    assert status == 200, (url, status)
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return body.decode("utf-8")


def head_tags(text: str) -> dict[str, str]:
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    found = {"title": html.unescape(title.group(1)) if title else ""}
    for key, value in re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"', text):
        found[key] = html.unescape(value)
    return found


@pytest.fixture(scope="module")
def tmp() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ndl-nginx-"))
    folder.chmod(0o755)  # nginx workers run as another user (nobody) when the test runs as root
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def site(tmp):
    port = free_port()
    logs = tmp / "site"
    logs.mkdir()
    env = {**os.environ, "NDL_DATA_DIR": str(tmp / "data"), "NDL_LOG_DIR": str(logs), "NDL_SKIP_SETUP": "1",
           "NDL_ADDRESS": "127.0.0.1", "NDL_PLAIN_DIR": str(tmp / "plain"), "NDL_ICON_FONT_DIR": str(tmp / "icons"),
           "NDL_SITE_URL": "https://ndl.example.org"}
    env.pop("NDL_DATABASE_URL", None)
    with open(logs / "start-processes.log", "w") as out:
        proc = subprocess.Popen(["bash", str(PROJECT / "deploy" / "start-processes.sh"), str(port)],
                                cwd=PROJECT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc, logs / f"site-{port}.log")
        proc.port = port
        proc.plain = tmp / "plain"
        proc.icons = tmp / "icons"
        yield proc
    finally:
        stop_group(proc)


@pytest.fixture(scope="module")
def nginx(tmp, site):
    exe = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if exe is None:
        pytest.skip("nginx is not installed (scripts/setup.sh --dev installs it)")
    prefix = tmp / "nginx"
    (prefix / "temp").mkdir(parents=True)
    port = free_port()
    conf = prefix / "nginx.conf"
    conf.write_text(render([f"127.0.0.1:{site.port}"], f"127.0.0.1:{port}", prefix=str(prefix), foreground=True,
                           user=None, worker_processes="1", plain_dir=str(site.plain),
                           icon_font_dir=str(site.icons)))
    with open(prefix / "stdout.log", "w") as out:
        proc = subprocess.Popen([exe, "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")],
                                stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    try:
        wait_healthy(f"http://127.0.0.1:{port}", proc, prefix / "error.log", timeout=30)
        proc.url = f"http://127.0.0.1:{port}"
        yield proc
    finally:
        stop_group(proc)


ADDRESSES = [
    ("en", "/", lambda: pagemeta.content_page(SITE.page("en", "home"))),
    ("en", "/types-of-data", lambda: pagemeta.content_page(SITE.page("en", "types-of-data"))),
    ("cy", "/types-of-data?lang=cy", lambda: pagemeta.content_page(SITE.page("cy", "types-of-data"))),
    ("cy", "/?detail=more&lang=cy", lambda: pagemeta.content_page(SITE.page("cy", "home"))),
    ("en", "/walkthrough", lambda: pagemeta.page_file("en", "walkthrough")),
    ("en", "/walkthrough?scenario=warm-home-discount&step=3",
     lambda: pagemeta.scenario_page("en", SCENARIOS["en"]["warm-home-discount"], 3)),
    ("cy", "/walkthrough?lang=cy&scenario=justice-data-lab",
     lambda: pagemeta.scenario_page("cy", SCENARIOS["cy"]["justice-data-lab"], 1)),
    ("en", "/walkthrough?scenario=warm-home-discount&step=99",
     lambda: pagemeta.scenario_page("en", SCENARIOS["en"]["warm-home-discount"])),
    ("en", "/leaflets", lambda: pagemeta.page_file("en", "leaflets")),
]


@pytest.mark.parametrize("gzip_ok", [False, True], ids=["robot", "browser"])
@pytest.mark.parametrize("lang,address,meta", ADDRESSES, ids=[a for _, a, _ in ADDRESSES])
def test_each_page_address_returns_its_own_title_and_description(nginx, lang, address, meta, gzip_ok):
    expected = meta()
    text = page_html(nginx.url + address, gzip_ok)
    tags = head_tags(text)
    assert f'<html lang="{SITE.language(lang).html_lang}">' in text
    noscript = re.search(r"<noscript><p><a href=\"(/plain/[^\"]+)\">", text)
    assert noscript and noscript.group(1).startswith(f"/plain/{lang}/"), "no JavaScript: a link to the plain page"
    assert tags["title"] == expected.full_title
    assert tags.get("description") == expected.description
    assert tags.get("og:title") == expected.full_title
    assert tags.get("og:description") == expected.description


def test_every_address_of_the_site_returns_its_own_title(nginx):
    """As curl sees it: every content page, page file and walkthrough step, in every language."""
    wrong = []
    for meta in pagemeta.every_address(SITE, SCENARIOS):
        title = head_tags(page_html(nginx.url + meta.address, gzip_ok=False))["title"]
        if title != meta.full_title:
            wrong.append(f"{meta.address}: {title!r} (expected {meta.full_title!r})")
    assert not wrong, "\n".join(wrong)


def test_an_unknown_address_or_odd_parameters_get_the_site_name_not_streamlit(nginx):
    for address in ("/no-such-page", "/walkthrough?scenario=%3Cscript%3E", "/types-of-data?lang=xx&step=zz"):
        tags = head_tags(page_html(nginx.url + address))
        assert tags["title"] and tags["title"] != "Streamlit", address
        assert "<script" not in tags["title"] and tags.get("description"), address


def test_streamlit_javascript_comes_back_gzip_compressed_and_long_cached(nginx):
    shell = page_html(nginx.url + "/")
    scripts = re.findall(r'src="\./(static/js/[^"]+\.js)"', shell)
    assert scripts, "the page names its JavaScript"
    status, headers, body = fetch(f"{nginx.url}/{scripts[0]}", {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert "immutable" in headers.get("cache-control", "") and "max-age=31536000" in headers["cache-control"]
    plain_status, plain_headers, plain_body = fetch(f"{nginx.url}/{scripts[0]}")
    assert plain_status == 200 and "content-encoding" not in plain_headers
    assert gzip.decompress(body) == plain_body and len(body) < len(plain_body) / 2


def test_streamlits_icon_font_address_gets_the_cut_down_copy(nginx, site):
    """Streamlit asks for its 375 kB icon font on every page; nginx answers with the copy that
    start-processes.sh cut down to the site's icons (deploy/icon_font.py), revalidated by ETag."""
    shell = page_html(nginx.url + "/")
    css = re.findall(r'href="\./(static/css/[^"]+\.css)"', shell)
    assert css, "the page names its stylesheet"
    stylesheet = page_html(f"{nginx.url}/{css[0]}")
    address = "static/media/" + re.search(r"media/(MaterialSymbols-[^)\"']+\.woff2)", stylesheet).group(1)
    ours = built_font(site.icons)
    assert address.endswith(ours.name), "the copy is named as Streamlit names its font"
    status, headers, body = fetch(f"{nginx.url}/{address}", {"Accept-Encoding": "gzip"})
    assert status == 200 and body == ours.read_bytes()
    assert headers.get("content-type") == "font/woff2" and "max-age=86400" in headers.get("cache-control", "")
    assert len(body) < (streamlit_icon_font().stat().st_size / 10)
    again, _, _ = fetch(f"{nginx.url}/{address}", {"If-None-Match": headers["etag"]})
    assert again == 304


def test_a_plain_page_is_served_with_caching_headers_and_revalidates(nginx):
    url = f"{nginx.url}/plain/en/types-of-data.html"
    status, headers, body = fetch(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip"
    assert headers.get("content-type", "").startswith("text/html")
    assert "no-cache" in headers.get("cache-control", "") and headers.get("etag")
    again, _, _ = fetch(url, {"Accept-Encoding": "gzip", "If-None-Match": headers["etag"]})
    assert again == 304, "a repeat visit revalidates and gets nothing new"
    text = gzip.decompress(body).decode()
    assert head_tags(text)["title"] == pagemeta.content_page(SITE.page("en", "types-of-data")).full_title
    css = re.search(r'href="\.\./(plain\.[0-9a-f]+\.css)"', text).group(1)
    status, headers, _ = fetch(f"{nginx.url}/plain/{css}", {"Accept-Encoding": "gzip"})
    assert status == 200 and "immutable" in headers.get("cache-control", "")
    assert "max-age=31536000" in headers["cache-control"]
    icon = re.search(r'href="\.\./(icon\.[0-9a-f]+\.png)"', text).group(1)
    assert "immutable" in fetch(f"{nginx.url}/plain/{icon}")[1].get("cache-control", "")


def test_the_plain_folder_robots_and_sitemap_are_at_their_addresses(nginx):
    status, headers, body = fetch(f"{nginx.url}/plain/")
    assert status == 200 and b"<h1>" in body
    status, headers, _ = fetch(f"{nginx.url}/plain")
    assert status in (200, 301, 302)
    status, _, robots = fetch(f"{nginx.url}/robots.txt")
    assert status == 200 and b"Sitemap: https://ndl.example.org/plain/sitemap.xml" in robots
    status, headers, sitemap = fetch(f"{nginx.url}/sitemap.xml")
    assert status == 200 and b"https://ndl.example.org/plain/en/index.html" in sitemap
    assert fetch(f"{nginx.url}/plain/pages.json")[0] == 404, "the list for nginx is not published"


def test_the_interactive_site_still_runs_through_nginx(nginx):
    async def visit():
        async with StreamlitClient(nginx.url, timeout=60) as client:
            result = await client.open("/types-of-data?lang=cy")
            assert result.ok, (result.status, result.exceptions)
            return client.texts()

    texts = run(visit())
    assert any(SITE.page("cy", "types-of-data").title in text for text in texts)
