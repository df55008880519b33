"""A small Streamlit client that speaks the browser's websocket protocol, for benchmarks.

It does what the browser's frontend does (streamlit/static, Streamlit 1.67), with the protobuf
classes shipped in the streamlit package:

- ``GET /_stcore/health`` sets the ``_streamlit_xsrf`` cookie; the websocket ``/_stcore/stream``
  is opened with that cookie, an ``Origin`` header and the subprotocols ``streamlit, <xsrf token>``.
- Every run is a ``BackMsg.rerun_script`` (a ``ClientState``): on first opening a page the frontend
  sends ``page_script_hash=""`` and ``page_name=<url path>`` with the URL's query string; later
  runs send the current page's hash (from ``ForwardMsg.navigation``), the query string as the
  server last set it (``ForwardMsg.page_info_changed``), all widget values it holds
  (``widget_states``), the hashes of the big messages it has cached (the server then sends
  ``ref_hash`` stubs instead), and for a fragment's own timer ``fragment_id`` + ``is_auto_rerun``.
- A run starts with ``ForwardMsg.new_session`` and ends with ``ForwardMsg.script_finished``
  (``FINISHED_EARLY_FOR_RERUN`` when ``st.rerun()`` starts another run in the same chain).
- Widgets are found in ``ForwardMsg.delta.new_element``: each input element carries its ``id``
  (``$$ID-<hash>-<key>`` when the page gave a key), label, options and ``form_id``. A button press
  is ``trigger_value=True`` for one run; radio / selectbox send the option's *displayed* label as
  ``string_value``; segmented controls and pills send ``string_array_value``; checkboxes and
  toggles ``bool_value``; forms send their widgets' values together with the submit button.
- ``ForwardMsg.auto_rerun`` (``st.fragment(run_every=...)``) asks the browser to re-run a fragment
  every ``interval`` seconds; with ``auto_rerun=True`` this client does so too.

Only loopback addresses are accepted: this is a load generator for our own machine.
"""
from __future__ import annotations

import asyncio
import http.cookies
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
XSRF_COOKIE = "_streamlit_xsrf"

SUCCESS = ForwardMsg.FINISHED_SUCCESSFULLY
FRAGMENT_SUCCESS = ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
COMPILE_ERROR = ForwardMsg.FINISHED_WITH_COMPILE_ERROR
EARLY_FOR_RERUN = ForwardMsg.FINISHED_EARLY_FOR_RERUN
TERMINAL = {SUCCESS, FRAGMENT_SUCCESS, COMPILE_ERROR}

# Element kinds that are inputs (charts and dataframes also carry ids, for selections).
WIDGET_KINDS = {
    "button", "download_button", "button_group", "checkbox", "radio", "selectbox", "multiselect",
    "text_input", "text_area", "number_input", "slider", "date_input", "time_input",
    "color_picker", "toggle", "feedback", "pagination", "chat_input", "date_time_input",
}
ALERT_FORMATS = {1: "error", 2: "warning", 3: "info", 4: "success"}


class ProtocolError(RuntimeError):
    """The server answered something this client did not expect (or not in time)."""


def check_loopback(base_url: str) -> urllib.parse.SplitResult:
    parts = urllib.parse.urlsplit(base_url)
    if parts.scheme not in ("http", "ws") or parts.hostname not in LOOPBACK_HOSTS:
        raise ValueError(f"the load client only talks to 127.0.0.1 (got {base_url!r})")
    return parts


def xsrf_cookie(base_url: str, timeout: float = 10.0) -> str | None:
    """What the browser's first request does: ``/_stcore/health`` sets the XSRF cookie."""
    parts = check_loopback(base_url)
    url = f"http://{parts.netloc}/_stcore/health"
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        for header in response.headers.get_all("Set-Cookie") or []:
            jar = http.cookies.SimpleCookie()
            jar.load(header)
            if XSRF_COOKIE in jar:
                return jar[XSRF_COOKIE].value
    return None


@dataclass(eq=False)
class Widget:
    """An input element as the server described it in a delta."""

    id: str
    kind: str  # element type; a checkbox drawn as a toggle is "toggle"
    label: str
    options: tuple[str, ...]  # displayed option labels (radio, selectbox, segmented control...)
    form_id: str
    path: tuple[int, ...]
    element: Any  # the element's protobuf (e.g. Radio), for anything else
    fragment_id: str = ""  # set when drawn by an st.fragment: changing it re-runs only that fragment

    @property
    def key(self) -> str:
        """The page's key for this widget (the part after the hash in ``$$ID-<hash>-<key>``)."""
        if self.id.startswith("$$ID-"):
            rest = self.id[5:]
            return rest.split("-", 1)[1] if "-" in rest else ""
        return ""

    @property
    def is_submit(self) -> bool:
        return self.kind == "button" and bool(getattr(self.element, "is_form_submitter", False))


@dataclass
class RunResult:
    """One request and the run(s) it caused, with timings (seconds since the request was sent)."""

    request: str  # "open /page?x=1", "rerun", "click ...", "auto-rerun <fragment>"
    sent_at: float = 0.0  # time.perf_counter() when sent
    seconds: float = 0.0  # until the terminal script_finished
    first_delta: float | None = None
    status: int | None = None
    runs: int = 0  # new_session messages (st.rerun() chains give more than one)
    messages: int = 0
    bytes: int = 0
    cached_refs: int = 0  # ref_hash stubs received instead of full messages
    fragment: str = ""
    exceptions: list[str] = field(default_factory=list)
    alerts: list[tuple[str, str, float]] = field(default_factory=list)  # (kind, body, seconds)
    page_not_found: bool = False

    @property
    def ok(self) -> bool:
        return self.status in (SUCCESS, FRAGMENT_SUCCESS) and not self.exceptions and not self.page_not_found

    def alert_time(self, kind: str, contains: str = "") -> float | None:
        for k, body, at in self.alerts:
            if k == kind and contains in body:
                return at
        return None


def _widget_from_element(element: Any, path: tuple[int, ...], fragment_id: str = "") -> Widget | None:
    kind = element.WhichOneof("type")
    if kind not in WIDGET_KINDS:
        return None
    inner = getattr(element, kind)
    wid = getattr(inner, "id", "")
    if not wid:
        return None
    options: tuple[str, ...] = ()
    if kind == "button_group":
        options = tuple(o.content for o in inner.options)
    elif hasattr(inner, "options"):
        try:
            options = tuple(str(o) for o in inner.options)
        except TypeError:
            options = ()
    shown = kind
    if kind == "checkbox" and getattr(inner, "type", 0) == 1:
        shown = "toggle"
    return Widget(wid, shown, getattr(inner, "label", ""), options, getattr(inner, "form_id", ""), path, inner,
                  fragment_id)


def widget_state(widget: Widget, value: Any) -> WidgetState:
    """The WidgetState the browser would send for ``value`` (an option label, a bool, ...)."""
    state = WidgetState(id=widget.id)
    kind, inner = widget.kind, widget.element
    if kind in ("button", "download_button"):
        state.trigger_value = bool(value)
    elif kind in ("checkbox", "toggle"):
        state.bool_value = bool(value)
    elif kind in ("radio", "selectbox", "text_input", "text_area", "color_picker"):
        label = _option_label(widget, value) if kind in ("radio", "selectbox") else str(value)
        state.string_value = label
    elif kind in ("button_group", "multiselect"):
        values = [value] if isinstance(value, (str, int)) else list(value)
        state.string_array_value.data.extend(_option_label(widget, v) for v in values)
    elif kind == "number_input":
        if getattr(inner, "data_type", 0) == 0:
            state.int_value = int(value)
        else:
            state.double_value = float(value)
    elif kind == "slider":
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        state.double_array_value.data.extend(float(v) for v in values)
    else:
        raise ValueError(f"setting a {kind} is not supported by this client")
    return state


def _option_label(widget: Widget, value: Any) -> str:
    """Accept a displayed label or an index into the options."""
    if isinstance(value, int) and not isinstance(value, bool):
        return widget.options[value]
    text = str(value)
    if widget.options and text not in widget.options:
        matches = [o for o in widget.options if text.lower() in o.lower()]
        if len(matches) == 1:
            return matches[0]
        raise ValueError(f"{text!r} is not an option of {widget.label!r}: {widget.options}")
    return text


class StreamlitClient:
    """One browser tab: one websocket session, runs in order, widget values kept between runs."""

    def __init__(self, base_url: str, *, timeout: float = 60.0, browser_cache: bool = True,
                 auto_rerun: bool = False, with_xsrf: bool = True):
        parts = check_loopback(base_url)
        self.base_url = f"http://{parts.netloc}"
        self.timeout = timeout
        self.browser_cache = browser_cache
        self.auto_rerun = auto_rerun
        self.with_xsrf = with_xsrf
        self.ws: Any = None
        self.session_id = ""
        self.page_hash = ""  # the current page's script hash (from ForwardMsg.navigation)
        self.page_name = ""
        self.query_string = ""
        self.pages: list[Any] = []  # AppPage protos from the latest navigation message
        self.widgets: dict[str, Widget] = {}
        self.elements: list[tuple[tuple[int, ...], str, Any, str]] = []  # (path, kind, element, fragment)
        self.auto_reruns: dict[str, float] = {}  # fragment id -> interval in seconds
        self.auto_results: list[RunResult] = []
        self.timer_errors: list[str] = []
        self.sent: list[str] = []  # requests sent, in order (also those that never finished)
        self.unprompted: list[ForwardMsg] = []  # messages that arrived with no request pending
        self._values: dict[str, WidgetState] = {}  # persistent widget values this tab holds
        self._cache: dict[str, ForwardMsg] = {}
        self._lock = asyncio.Lock()
        self._current: RunResult | None = None
        self._started_after_send = False
        self._done: asyncio.Future | None = None
        self._reader: asyncio.Task | None = None
        self._timers: dict[str, asyncio.Task] = {}
        self._closed = False

    # ---- connection --------------------------------------------------------------------------
    async def connect(self) -> "StreamlitClient":
        parts = urllib.parse.urlsplit(self.base_url)
        headers = {}
        protocols = ["streamlit"]
        if self.with_xsrf:
            token = await asyncio.to_thread(xsrf_cookie, self.base_url)
            if token:
                headers["Cookie"] = f"{XSRF_COOKIE}={token}"
                protocols.append(token)
        self.ws = await asyncio.wait_for(websockets.connect(
            f"ws://{parts.netloc}/_stcore/stream", subprotocols=protocols, origin=self.base_url,
            additional_headers=headers, max_size=None, compression=None, open_timeout=self.timeout,
            ping_interval=None), self.timeout)
        self._reader = asyncio.create_task(self._read_forever())
        return self

    async def close(self) -> None:
        self._closed = True
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
        if self.ws is not None:
            try:
                await asyncio.wait_for(self.ws.close(), 5)
            except Exception:  # noqa: BLE001 - closing a broken socket
                pass
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):  # noqa: BLE001
                pass

    async def __aenter__(self) -> "StreamlitClient":
        return await self.connect()

    async def __aexit__(self, *exc) -> None:
        await self.close()

    # ---- requests ----------------------------------------------------------------------------
    async def open(self, url_path: str = "/") -> RunResult:
        """Open a page as typed in the address bar: ``/walkthrough?scenario=x&step=2``."""
        parts = urllib.parse.urlsplit(url_path)
        self.page_name = parts.path.strip("/")
        self.query_string = parts.query
        self.page_hash = ""
        self._values.clear()
        self._stop_timers()
        state = self._client_state(page_hash="", page_name=self.page_name)
        return await self._request(f"open {url_path}", state)

    async def rerun(self) -> RunResult:
        """What pressing R does: run the current page again with the widget values held."""
        return await self._request("rerun", self._client_state())

    async def set(self, widget: Widget | str, value: Any) -> RunResult:
        """Change one widget (outside a form) and let the page run."""
        widget = self.widget(widget)
        self._values[widget.id] = widget_state(widget, value)
        return await self._request(f"set {widget.key or widget.label}={value!r}",
                                   self._client_state(fragment_id=widget.fragment_id),
                                   fragment=widget.fragment_id)

    async def click(self, widget: Widget | str) -> RunResult:
        """Press a button (outside a form)."""
        widget = self.widget(widget)
        extra = [widget_state(widget, True)]
        return await self._request(f"click {widget.key or widget.label}",
                                   self._client_state(extra, fragment_id=widget.fragment_id),
                                   fragment=widget.fragment_id)

    async def submit(self, submit_button: Widget | str, values: dict[Widget | str, Any] | None = None) -> RunResult:
        """Fill in a form's widgets and press its submit button, as one run."""
        button = self.widget(submit_button)
        for w, v in (values or {}).items():
            w = self.widget(w)
            self._values[w.id] = widget_state(w, v)
        extra = [widget_state(button, True)]
        return await self._request(f"submit {button.key or button.label}",
                                   self._client_state(extra, fragment_id=button.fragment_id),
                                   fragment=button.fragment_id)

    async def rerun_fragment(self, fragment_id: str, *, auto: bool = True) -> RunResult:
        state = self._client_state(fragment_id=fragment_id, auto=auto)
        return await self._request(f"auto-rerun {fragment_id[:12]}", state, fragment=fragment_id)

    # ---- what the page shows -----------------------------------------------------------------
    def widget(self, ref: Widget | str) -> Widget:
        """A widget by object, id, key, or label (exact, then unique substring)."""
        if isinstance(ref, Widget):
            return ref
        if ref in self.widgets:
            return self.widgets[ref]
        for test in (lambda w: w.key == ref, lambda w: w.label == ref,
                     lambda w: ref.lower() in w.label.lower()):
            found = [w for w in self.widgets.values() if test(w)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise LookupError(f"{ref!r} matches {len(found)} widgets: {[w.label for w in found]}")
        raise LookupError(f"no widget {ref!r}; have {[(w.kind, w.key or w.label) for w in self.widgets.values()]}")

    def find(self, kind: str | None = None, *, key: str | None = None, key_prefix: str | None = None,
             label: str | None = None, form: str | None = None) -> list[Widget]:
        out = []
        for w in self.widgets.values():
            if kind and w.kind != kind:
                continue
            if key is not None and w.key != key:
                continue
            if key_prefix is not None and not w.key.startswith(key_prefix):
                continue
            if label is not None and label.lower() not in w.label.lower():
                continue
            if form is not None and w.form_id != form:
                continue
            out.append(w)
        return out

    def texts(self) -> list[str]:
        """Markdown, headings, alerts and captions of the page, in order."""
        out = []
        for _path, kind, el, _fragment in self.elements:
            inner = getattr(el, kind)
            body = getattr(inner, "body", None)
            if isinstance(body, str):
                out.append(body)
        return out

    def page_url_paths(self) -> list[str]:
        return [p.url_pathname for p in self.pages]

    # ---- internals ---------------------------------------------------------------------------
    def _client_state(self, extra: Iterable[WidgetState] = (), *, page_hash: str | None = None,
                      page_name: str = "", fragment_id: str = "", auto: bool = False) -> ClientState:
        state = ClientState()
        state.query_string = self.query_string
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        state.page_name = page_name
        state.fragment_id = fragment_id
        state.is_auto_rerun = auto
        merged = dict(self._values)
        for w in extra:
            merged[w.id] = w
        state.widget_states.widgets.extend(merged.values())
        if self.browser_cache:
            state.cached_message_hashes.extend(self._cache.keys())
        state.context_info.timezone = "Europe/London"
        state.context_info.timezone_offset = 0
        state.context_info.locale = "en-GB"
        state.context_info.url = f"{self.base_url}/{self.page_name}" + (f"?{self.query_string}" if self.query_string else "")
        state.context_info.is_embedded = False
        state.context_info.color_scheme = "light"
        return state

    async def _request(self, name: str, state: ClientState, *, fragment: str = "") -> RunResult:
        if self.ws is None:
            raise ProtocolError("not connected")
        async with self._lock:
            loop = asyncio.get_running_loop()
            result = RunResult(name, fragment=fragment)
            self._current = result
            self._started_after_send = False
            self._done = loop.create_future()
            msg = BackMsg()
            msg.rerun_script.CopyFrom(state)
            result.sent_at = time.perf_counter()
            await self.ws.send(msg.SerializeToString())
            self.sent.append(name)
            try:
                await asyncio.wait_for(asyncio.shield(self._done), self.timeout)
            except asyncio.TimeoutError as exc:
                raise ProtocolError(f"{name}: no script_finished within {self.timeout:.0f} s") from exc
            finally:
                self._current = None
                self._done = None
            result.seconds = time.perf_counter() - result.sent_at
            self._start_timers()
            return result

    async def _read_forever(self) -> None:
        try:
            async for data in self.ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg, len(data))
        except (websockets.ConnectionClosed, asyncio.CancelledError):
            pass
        except Exception as exc:  # noqa: BLE001 - surface to whoever waits
            if self._done is not None and not self._done.done():
                self._done.set_exception(exc)
            return
        if self._done is not None and not self._done.done():
            self._done.set_exception(ProtocolError("websocket closed by the server"))

    def _handle(self, msg: ForwardMsg, size: int) -> None:
        result = self._current
        now = time.perf_counter()
        if msg.HasField("ref_hash"):
            cached = self._cache.get(msg.ref_hash)
            if result is not None:
                result.cached_refs += 1
            if cached is not None:
                full = ForwardMsg()
                full.CopyFrom(cached)
                full.metadata.CopyFrom(msg.metadata)
                msg = full
        elif self.browser_cache and msg.metadata.cacheable and msg.hash:
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[msg.hash] = msg
        if result is None:
            self.unprompted.append(msg)
            if len(self.unprompted) > 1000:
                del self.unprompted[:500]
            return
        result.messages += 1
        result.bytes += size
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            result.runs += 1
            self._started_after_send = True
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            fragments = set(msg.metadata.run.fragment_ids)
            if not fragments:
                # a full run redraws the page: forget what the last run drew, and (as the
                # browser does) the fragment timers; the run announces the ones it still has
                self.widgets = {}
                self.elements = []
                self.auto_reruns.clear()
            else:
                # a fragment run redraws that fragment only
                self.widgets = {k: w for k, w in self.widgets.items() if w.fragment_id not in fragments}
                self.elements = [e for e in self.elements if e[3] not in fragments]
            if not self.page_hash:
                self.page_hash = msg.new_session.page_script_hash
        elif kind == "navigation":
            self.pages = list(msg.navigation.app_pages)
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "page_not_found":
            result.page_not_found = True
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fid, None)
        elif kind == "delta":
            if result.first_delta is None:
                result.first_delta = now - result.sent_at
            if msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                ekind = element.WhichOneof("type")
                path = tuple(msg.metadata.delta_path)
                fragment_id = msg.delta.fragment_id
                self.elements.append((path, ekind, element, fragment_id))
                if ekind == "exception":
                    result.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                elif ekind == "alert":
                    result.alerts.append((ALERT_FORMATS.get(element.alert.format, "?"), element.alert.body,
                                          now - result.sent_at))
                widget = _widget_from_element(element, path, fragment_id)
                if widget is not None:
                    self.widgets[widget.id] = widget
        elif kind == "session_event":
            if msg.session_event.WhichOneof("type") == "script_compilation_exception":
                exc = msg.session_event.script_compilation_exception
                result.exceptions.append(f"{exc.type}: {exc.message}")
        elif kind == "script_finished":
            status = msg.script_finished
            if status in TERMINAL and self._started_after_send:
                result.status = status
                if self._done is not None and not self._done.done():
                    self._done.set_result(None)

    # ---- fragment timers ---------------------------------------------------------------------
    def _stop_timers(self) -> None:
        for task in self._timers.values():
            task.cancel()
        self._timers.clear()
        self.auto_reruns.clear()

    def _start_timers(self) -> None:
        if not self.auto_rerun or self._closed:
            return
        for fid in list(self._timers):
            if fid not in self.auto_reruns:
                self._timers.pop(fid).cancel()
        for fid, interval in self.auto_reruns.items():
            if fid not in self._timers and interval > 0:
                self._timers[fid] = asyncio.create_task(self._timer(fid, interval))

    async def _timer(self, fragment_id: str, interval: float) -> None:
        """Like the browser's setInterval: fire every ``interval`` s, whatever the runs take."""
        loop = asyncio.get_running_loop()
        due = loop.time()
        try:
            while not self._closed and self.auto_reruns.get(fragment_id) == interval:
                due = max(due + interval, loop.time())
                await asyncio.sleep(due - loop.time())
                if self._closed or self.auto_reruns.get(fragment_id) != interval:
                    break
                result = await self.rerun_fragment(fragment_id)
                self.auto_results.append(result)
                if len(self.auto_results) > 10_000:
                    del self.auto_results[:5_000]
        except asyncio.CancelledError:
            pass
        except Exception as exc:  # noqa: BLE001 - keep it for the report
            self.timer_errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            if self._timers.get(fragment_id) is asyncio.current_task():
                self._timers.pop(fragment_id, None)


async def run_once(base_url: str, url_path: str = "/", **kwargs) -> RunResult:
    """Open one page in a new session and return the run (for smoke checks)."""
    async with StreamlitClient(base_url, **kwargs) as client:
        return await client.open(url_path)
