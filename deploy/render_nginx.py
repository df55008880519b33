#!/usr/bin/env python3
"""Write an nginx.conf for N site processes from deploy/nginx.conf.template (standard library only).

    python3 deploy/render_nginx.py --port 8501 --port 8502 --listen 80 > /etc/nginx/nginx.conf
    python3 deploy/render_nginx.py --server 10.0.0.5:8501 --server 10.0.0.6:8501 --listen 80
    python3 deploy/render_nginx.py --port 8501 --port 8502 --listen 127.0.0.1:8080 \\
        --prefix /tmp/ndl-nginx --foreground > /tmp/ndl-nginx/nginx.conf
    nginx -p /tmp/ndl-nginx -c /tmp/ndl-nginx/nginx.conf      # a private nginx, not the system one

The plain edition (``python -m ndl_explain.plain --out DIR``; ``deploy/start-processes.sh`` builds it
into ``NDL_PLAIN_DIR``, default ``build/plain``) is served at ``/plain/`` from ``--plain-dir`` (default
``build/plain`` in the project); its ``pages.json`` gives each page address's title and description,
which nginx writes into the HTML it returns for that address (``--no-plain``: neither).

Without ``--prefix`` the pid file, logs and temporary files go where Debian's nginx keeps them
(/run/nginx.pid, /var/log/nginx, /var/lib/nginx) and workers run as ``www-data``. With
``--prefix DIR`` everything goes under DIR (for tests, or nginx started by an ordinary user).
"""
from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
DEFAULT_PLAIN_DIR = Path(__file__).resolve().parent.parent / "build" / "plain"
DEFAULT_ICON_FONT_DIR = Path(__file__).resolve().parent.parent / "build" / "icon-font"
ICON_FONT_GLOB = "MaterialSymbols-*.woff2"  # as deploy/icon_font.py writes it (fontTools is not needed here)


ERROR_LOG_LEVELS = ("debug", "info", "notice", "warn", "error", "crit", "alert", "emerg")
PRIVATE_ERROR_LOG_LEVEL = "crit"  # nginx writes client addresses and request lines with errors below this


def render(servers: list[str], listen: str, *, prefix: str | None = None, foreground: bool = False,
           user: str | None = "www-data", worker_processes: str = "auto", max_fails: int = 3,
           fail_timeout: str = "10s", worker_connections: int = 4096,
           error_log_level: str = PRIVATE_ERROR_LOG_LEVEL, plain_dir: str | None = None,
           icon_font_dir: str | None = None) -> str:
    """The nginx configuration text. ``servers``: ``host:port`` of each site process; ``plain_dir``:
    a built plain edition to serve at /plain/ (and its page titles for the site's addresses);
    ``icon_font_dir``: a cut-down icon font (``deploy/icon_font.py``) to serve in place of Streamlit's.

    ``error_log_level`` below ``crit`` makes nginx write visitors' addresses and whole request lines
    (with private tokens and join codes) into the error log: only for a short debugging session."""
    if not servers:
        raise ValueError("at least one site process (host:port) is needed")
    if error_log_level not in ERROR_LOG_LEVELS:
        raise ValueError(f"error log level must be one of {', '.join(ERROR_LOG_LEVELS)}")
    if prefix:
        base = Path(prefix)
        pid, error_log, access_log, temp = base / "nginx.pid", base / "error.log", base / "access.log", base / "temp"
    else:
        pid, error_log, access_log, temp = (Path("/run/nginx.pid"), Path("/var/log/nginx/error.log"),
                                            Path("/var/log/nginx/access.log"), Path("/var/lib/nginx"))
    main = []
    if user:
        main.append(f"user {user};")
    main += [f"worker_processes {worker_processes};", f"pid {pid};", f"error_log {error_log} {error_log_level};"]
    if foreground:
        main.append("daemon off;")
    main.append(f"events {{\n    worker_connections {worker_connections};\n}}")
    http = [f"    {name}_temp_path {temp / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")]
    lines = [f"        server {s} max_fails={max_fails} fail_timeout={fail_timeout};" for s in servers]
    values = {"MAIN": "\n".join(main), "HTTP": "\n".join(http), "SERVERS": "\n".join(lines),
              "LISTEN": listen, "ACCESS_LOG": str(access_log)}
    values.update(fast_paths(temp, plain_dir, icon_font_dir))
    text = TEMPLATE.read_text()
    missing = set(re.findall(r"\{\{(\w+)\}\}", text)) - set(values)
    if missing:
        raise KeyError(f"template placeholders without a value: {sorted(missing)}")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], text)


# ---- Fast on a slow phone (issue 19): page titles in the raw HTML, the plain edition ---------------
class PlainEditionMissing(ValueError):
    """No built plain edition where one was asked for."""


def _nginx_string(text: str) -> str:
    """``text`` as a double-quoted nginx string. A "$" would start a variable, so the HTML that goes
    in never holds one (``_html`` writes it as &#36;)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _html(text: str) -> str:
    return html.escape(text, quote=True).replace("$", "&#36;")


def load_pages(plain_dir: str | Path) -> dict:
    """The list of addresses a plain build wrote (``pages.json``)."""
    path = Path(plain_dir) / "pages.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PlainEditionMissing(
            f"no plain edition in {plain_dir} (no pages.json): build it first with "
            f"'.venv/bin/python -m ndl_explain.plain --out {plain_dir}' (deploy/start-processes.sh does)") from None
    except (OSError, ValueError) as error:
        raise PlainEditionMissing(f"cannot read {path}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("addresses"), list):
        raise PlainEditionMissing(f"{path} is not a plain edition's list of pages")
    return data


def page_meta_maps(pages: dict) -> str:
    """nginx maps from a request (path, ?lang=, ?scenario=, ?step=) to the HTML for its <head>
    (title, description, canonical, alternates, Open Graph), its <html lang> and a <noscript> link to
    the plain version. The most exact match wins: the step of an example, the example, the page,
    else the site's name in the visitor's language."""
    site_url = pages["site_url"].rstrip("/")
    plain_path = pages.get("plain_path", "/plain").rstrip("/")
    languages = pages["languages"]
    default = pages.get("default_lang", "en")
    versions: dict[tuple, dict[str, str]] = {}
    for item in pages["addresses"]:
        versions.setdefault((item["path"], item.get("scenario"), item.get("step")), {})[item["lang"]] = item["address"]
    head, noscript, by_step, by_example, by_page = {}, {}, {}, {}, {}
    for number, item in enumerate(pages["addresses"], 1):
        key, lang = f"m{number}", item["lang"]
        language = languages[lang]
        url = site_url + item["address"]
        alternates = "".join(
            f'<link rel="alternate" hreflang="{_html(languages[code]["html_lang"])}" href="{_html(site_url + address)}">'
            for code, address in versions[(item["path"], item.get("scenario"), item.get("step"))].items())
        head[key] = (
            f'<title>{_html(item["full_title"])}</title>'
            f'<meta name="description" content="{_html(item["description"])}">'
            f'<link rel="canonical" href="{_html(url)}">{alternates}'
            f'<meta property="og:type" content="website">'
            f'<meta property="og:site_name" content="{_html(language["site_name"])}">'
            f'<meta property="og:title" content="{_html(item["full_title"])}">'
            f'<meta property="og:description" content="{_html(item["description"])}">'
            f'<meta property="og:url" content="{_html(url)}">'
            f'<meta property="og:locale" content="{_html(language["html_lang"])}_GB">')
        noscript[key] = (f'<p><a href="{_html(plain_path + "/" + item["plain"])}">'
                         f'{_html(language["plain_link"])}</a></p>')
        where = f'{lang}|{item["path"]}'
        if item.get("scenario") and item.get("step"):
            by_step[f'{where}|{item["scenario"]}|{item["step"]}'] = key
        elif item.get("scenario"):  # the example as a whole: for a step it does not have
            by_example[f'{where}|{item["scenario"]}'] = key
        else:
            by_page[where] = key
    for lang, language in languages.items():
        key = f"site-{lang}"
        head[key] = (f'<title>{_html(language["site_name"])}</title>'
                     f'<meta name="description" content="{_html(language["description"])}">'
                     f'<meta property="og:site_name" content="{_html(language["site_name"])}">'
                     f'<meta property="og:title" content="{_html(language["site_name"])}">'
                     f'<meta property="og:description" content="{_html(language["description"])}">')
        noscript[key] = (f'<p><a href="{_html(plain_path + "/" + language["plain_home"])}">'
                         f'{_html(language["plain_link"])}</a></p>')

    def block(name: str, source: str, entries: dict[str, str], fallback: str, indent: str = "    ") -> list[str]:
        lines = [f"{indent}map {source} {name} {{", f"{indent}    default {fallback};"]
        lines += [f"{indent}    {_nginx_string(k)} {_nginx_string(v)};" for k, v in entries.items()]
        return lines + [f"{indent}}}"]

    lang_values = {code: code for code in languages if code != default}
    html_langs = {code: language["html_lang"] for code, language in languages.items()}
    out = ["    # Each page address's title, description and links in the HTML Streamlit sends (its own",
           "    # says \"Streamlit\" at every address), from the plain build's pages.json (render_nginx.py)."]
    out += block("$ndl_lang", "$arg_lang", lang_values, default)
    out += block("$ndl_html_lang", "$ndl_lang", html_langs, _nginx_string(html_langs.get(default, default)))
    out += block("$ndl_step", "$arg_step", {"~^0*([1-9][0-9]{0,2})$": "$1"}, "1")
    out += block("$ndl_meta_step", '"$ndl_lang|$uri|$arg_scenario|$ndl_step"', by_step, '""')
    out += block("$ndl_meta_example", '"$ndl_lang|$uri|$arg_scenario"', by_example, '""')
    out += block("$ndl_meta_page", '"$ndl_lang|$uri"', by_page, '"site-$ndl_lang"')
    out += ['    map "$ndl_meta_step|$ndl_meta_example|$ndl_meta_page" $ndl_meta {',
            "        default $ndl_meta_page;",
            '        "~^([^|]+)\\|" $1;',
            '        "~^\\|([^|]+)\\|" $1;',
            "    }"]
    out += block("$ndl_head", "$ndl_meta", head, _nginx_string(head[f"site-{default}"]))
    out += block("$ndl_noscript", "$ndl_meta", noscript, _nginx_string(noscript[f"site-{default}"]))
    # the plain edition's caching: fingerprinted files forever, pages revalidated (ETag) each visit
    out += ["    map $uri $ndl_plain_cache {",
            '        default "no-cache";',
            '        "~\\.[0-9a-f]{10}\\.(css|png)$" "public, max-age=31536000, immutable";',
            "    }"]
    return "\n".join(out)


def plain_locations(plain_dir: Path, plain_path: str = "/plain") -> str:
    """The server's locations for page addresses (Streamlit's HTML with the page's own head) and for
    the plain edition's folder, robots.txt and sitemap.xml."""
    folder = str(Path(plain_dir).resolve())
    path = "/" + plain_path.strip("/")
    return f"""        # A page address ("/", "/what-it-is", "/walkthrough?..."): Streamlit's HTML, with this
        # page's title, description and links put in, its language, and a link to the plain version
        # for browsers without JavaScript. Asked uncompressed so sub_filter can read it (nginx
        # compresses it again); not revalidated with Streamlit, whose ETag does not cover our edits.
        location ~ "^/[a-z0-9-]*$" {{
            proxy_pass http://ndl_site;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;
            proxy_set_header Accept-Encoding "";
            proxy_set_header If-None-Match "";
            proxy_set_header If-Modified-Since "";
            proxy_hide_header ETag;
            proxy_hide_header Last-Modified;
            proxy_connect_timeout 5s;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout http_502 http_503 http_504;
            sub_filter_once on;
            sub_filter '<title>Streamlit</title>' '$ndl_head';
            sub_filter '<html lang="en">' '<html lang="$ndl_html_lang">';
            sub_filter '<noscript>' '<noscript>$ndl_noscript';
        }}

        # The plain edition: static HTML, no JavaScript (python -m ndl_explain.plain).
        location = {path} {{
            absolute_redirect off;
            return 301 {path}/;
        }}
        location ^~ {path}/ {{
            alias {folder}/;
            index index.html;
            etag on;
            add_header Cache-Control $ndl_plain_cache always;
        }}
        location = {path}/pages.json {{
            return 404;
        }}
        location = /robots.txt {{
            alias {folder}/robots.txt;
            add_header Cache-Control "no-cache" always;
        }}
        location = /sitemap.xml {{
            alias {folder}/sitemap.xml;
            add_header Cache-Control "no-cache" always;
        }}"""


class IconFontMissing(ValueError):
    """No cut-down icon font where one was asked for."""


def icon_font_location(icon_font_dir: str | Path) -> str:
    """The location that answers Streamlit's request for its icon font with the cut-down copy
    (an exact match: it wins over the /static/ prefix). Streamlit names the file by its content,
    and ``icon_font.py`` writes the copy under that name, so after an upgrade of Streamlit whose font
    is new, and before the copy is rebuilt, the exact name no longer matches and Streamlit's own
    font is served. The copy changes when the site's icons do, under the same name: so it is cached
    for a day and revalidated (ETag), not kept for good."""
    found = sorted(Path(icon_font_dir).glob(ICON_FONT_GLOB))
    if len(found) != 1:
        raise IconFontMissing(
            f"no cut-down icon font in {icon_font_dir}: build it first with '.venv/bin/python -m "
            f"deploy.icon_font --out {icon_font_dir}' (deploy/start-processes.sh does), or --no-icon-font")
    font = found[0].resolve()
    return f"""        # Streamlit's icon font (375 kB, asked for on every page) cut down to the icons this site and
        # Streamlit's own controls show (deploy/icon_font.py): about 15 kB.
        location = /static/media/{font.name} {{
            root {font.parent};
            try_files /{font.name} =404;
            types {{ }}
            default_type font/woff2;
            etag on;
            add_header Cache-Control "public, max-age=86400" always;
        }}
"""


def fast_paths(temp: Path, plain_dir: str | Path | None, icon_font_dir: str | Path | None = None) -> dict[str, str]:
    """The template's values for issue 19's blocks."""
    values = {"STATIC_CACHE": str(temp / "ndl_static"), "PAGE_META": "", "PAGES": ""}
    if plain_dir is not None:
        pages = load_pages(plain_dir)
        values["PAGE_META"] = page_meta_maps(pages)
        values["PAGES"] = plain_locations(Path(plain_dir), pages.get("plain_path") or "/plain")
    if icon_font_dir is not None:
        values["PAGES"] = icon_font_location(icon_font_dir) + values["PAGES"]
    return values
# ---- end of issue 19's block


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, action="append", default=[], help="a site process on 127.0.0.1:PORT")
    p.add_argument("--server", action="append", default=[], help="a site process at HOST:PORT")
    p.add_argument("--listen", default="80", help="nginx's listen address (default 80)")
    p.add_argument("--prefix", default=None, help="keep pid, logs and temporary files under this folder")
    p.add_argument("--foreground", action="store_true", help="daemon off (for a supervisor or a test)")
    p.add_argument("--user", default=None,
                   help="worker user (default www-data without --prefix; none with --prefix)")
    p.add_argument("--plain-dir", default=str(DEFAULT_PLAIN_DIR),
                   help=f"the built plain edition to serve at /plain/ (default {DEFAULT_PLAIN_DIR})")
    p.add_argument("--no-plain", action="store_true", help="serve no plain edition and no page titles")
    p.add_argument("--icon-font-dir", default=str(DEFAULT_ICON_FONT_DIR),
                   help="the cut-down icon font (python -m deploy.icon_font) to serve in place of "
                        f"Streamlit's (default {DEFAULT_ICON_FONT_DIR})")
    p.add_argument("--no-icon-font", action="store_true", help="serve Streamlit's whole icon font (375 kB)")
    p.add_argument("--max-fails", type=int, default=3)
    p.add_argument("--fail-timeout", default="10s")
    p.add_argument("--error-log-level", default=PRIVATE_ERROR_LOG_LEVEL, choices=ERROR_LOG_LEVELS,
                   help="default crit: lower levels write visitors' addresses and private links to the log")
    args = p.parse_args(argv)
    servers = [f"127.0.0.1:{port}" for port in args.port] + args.server
    user = args.user if args.user is not None else (None if args.prefix else "www-data")
    if args.prefix:
        for sub in ("", "temp"):
            Path(args.prefix, sub).mkdir(parents=True, exist_ok=True)
    try:
        sys.stdout.write(render(servers, args.listen, prefix=args.prefix, foreground=args.foreground,
                                user=user or None, max_fails=args.max_fails, fail_timeout=args.fail_timeout,
                                error_log_level=args.error_log_level,
                                plain_dir=None if args.no_plain else args.plain_dir,
                                icon_font_dir=None if args.no_icon_font else args.icon_font_dir))
    except ValueError as exc:
        p.error(str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
