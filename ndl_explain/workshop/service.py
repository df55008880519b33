"""WorkshopService: every workshop rule (codes, tokens, answering, moving on, paper votes, export, expiry).

No Streamlit here. The UI calls these methods and turns a WorkshopError into its message;
a method that raises has changed nothing.

Who may do what:
- Anyone with the **join code** may see the current activity and answer it while it is open.
- Only the holder of the **facilitator token** (from the private link shown once at creation)
  may move on, open or close, show results, enter paper votes, read free text, export and delete.
  Only a SHA-256 hash of the token is stored.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .activities import ACTIVITY_KINDS, Step, StepPlan, WorkshopContent, workshop_content
from . import limits as limit_rules
from .errors import (
    BadParticipant,
    Expired,
    Finished,
    FreeTextOff,
    InvalidAnswer,
    InvalidSetup,
    Limited,
    NotCurrent,
    NotFacilitator,
    WrongCode,
)
from .limits import Limits
from .results import MIN_GROUP_SIZE, StepResult, build_results, results_csv
from .store import NewStep, StepRow, WorkshopRow, WorkshopStore

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: easy to read out and type
CODE_LENGTH = 6
DEFAULT_TTL_HOURS = 24.0
MAX_TTL_HOURS = 24.0 * 90
TITLE_MAX = 120
COMMENT_MAX = 500
MAX_SCENARIOS = 10
MAX_PAPER_COUNT = 10_000
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
SCENARIO_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,99}$")
CODE_SEPARATORS = re.compile(r"[\s\-_.]+")


def ttl_hours_from_env(env: Mapping[str, str] | None = None) -> float:
    """``NDL_WORKSHOP_TTL_HOURS`` (default 24), kept between a minute and 90 days."""
    env = os.environ if env is None else env
    try:
        hours = float(env.get("NDL_WORKSHOP_TTL_HOURS", DEFAULT_TTL_HOURS))
    except (TypeError, ValueError):
        return DEFAULT_TTL_HOURS
    if not math.isfinite(hours) or hours <= 0:
        return DEFAULT_TTL_HOURS
    return min(max(hours, 1 / 60), MAX_TTL_HOURS)


def _hash(purpose: str, *parts: object) -> str:
    return hashlib.sha256(":".join([purpose, *map(str, parts)]).encode()).hexdigest()


def _clean_text(value: Any, limit: int) -> str:
    """Text without control characters, with spaces tidied; '' for anything that is not text."""
    if not isinstance(value, str):
        return ""
    value = unicodedata.normalize("NFC", value)
    value = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n" else " " for ch in value)
    value = re.sub(r"[ \t]+", " ", value).strip()
    return value if len(value) <= limit else value[: limit + 1]


def normalise_code(code: Any) -> str:
    """The canonical join code (upper case, no spaces or dashes) or WrongCode if it cannot be one."""
    if not isinstance(code, str):
        raise WrongCode("no code")
    code = CODE_SEPARATORS.sub("", code).upper()
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        raise WrongCode("not a join code")
    return code


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_participant_token() -> str:
    """A random, anonymous token for one browser session (the UI keeps it in session state)."""
    return secrets.token_urlsafe(18)


@dataclass(frozen=True)
class CreatedWorkshop:
    code: str
    token: str  # shown once, in the facilitator's private link; only its hash is stored
    title: str
    expires_at: int


@dataclass(frozen=True)
class ParticipantView:
    code: str
    title: str
    status: str  # open | closed | ready | finished
    position: int
    step_count: int
    step: Step | None
    my_answers: Mapping[str, str]
    free_text: bool
    my_comment: str | None
    results: StepResult | None  # only when the facilitator shows them


@dataclass(frozen=True)
class PresenterView:
    """What the room's screen shows: the same as a phone sees, plus how many people have answered."""

    code: str
    title: str
    status: str  # open | closed | ready | finished
    position: int
    step_count: int
    expires_at: int
    step: Step | None
    respondents: int  # people who answered the current activity (phone and paper)
    results: StepResult | None  # only when the facilitator shows them


@dataclass(frozen=True)
class FacilitatorView:
    code: str
    title: str
    position: int
    step_count: int
    expires_at: int
    free_text: bool
    participants: int
    steps: tuple[StepResult, ...]
    comments: Mapping[int, tuple[str, ...]]  # step position -> texts (facilitator only)
    created_at: int = 0

    @property
    def finished(self) -> bool:
        return self.position >= self.step_count

    @property
    def current(self) -> StepResult | None:
        return None if self.finished else self.steps[self.position]


class WorkshopService:
    """The rules of workshop mode over a WorkshopStore."""

    def __init__(
        self,
        store: WorkshopStore,
        *,
        ttl_hours: float | None = None,
        clock: Callable[[], float] = time.time,
        content: Callable[[str], WorkshopContent] = workshop_content,
        limits: Limits | None = None,
    ):
        self.store = store
        self.ttl_hours = ttl_hours_from_env() if ttl_hours is None else float(ttl_hours)
        self.clock = clock
        self._content = content
        self.limits = Limits.from_env() if limits is None else limits

    @classmethod
    def from_env(cls) -> "WorkshopService":
        return cls(WorkshopStore())

    def now(self) -> int:
        return int(self.clock())

    def content(self, lang: str = "en") -> WorkshopContent:
        return self._content(lang)

    # -- creating -----------------------------------------------------------------------------
    def create_workshop(
        self,
        title: Any,
        activities: Iterable[str],
        scenario_ids: Iterable[str] = (),
        *,
        free_text: bool = False,
        known_scenarios: Collection[str] | None = None,
        client: str | None = None,
    ) -> CreatedWorkshop:
        """Create a workshop; returns its join code and the facilitator's secret token.

        ``client`` is the creator's address: workshops created through the site are limited per address
        and in total per hour (``Limited``); a call without one (a script, a test) is not counted.
        Checked after the setup itself, so a mistake in the form costs nothing."""
        clean_title = _clean_text(title, TITLE_MAX).replace("\n", " ")
        if not clean_title or len(clean_title) > TITLE_MAX:
            raise InvalidSetup(f"the title must be 1 to {TITLE_MAX} characters")
        if isinstance(activities, str):
            activities = [activities]
        chosen = list(dict.fromkeys(activities or ()))
        if not chosen or any(a not in ACTIVITY_KINDS for a in chosen):
            raise InvalidSetup(f"choose one or more of: {', '.join(ACTIVITY_KINDS)}")
        if isinstance(scenario_ids, str):
            scenario_ids = [scenario_ids]
        scenarios = list(dict.fromkeys(scenario_ids or ()))
        if any(not isinstance(s, str) or not SCENARIO_ID_PATTERN.match(s) for s in scenarios):
            raise InvalidSetup("scenario ids are lower-case letters, digits and hyphens")
        if known_scenarios is not None and any(s not in known_scenarios for s in scenarios):
            raise InvalidSetup("unknown scenario")
        if len(scenarios) > MAX_SCENARIOS:
            raise InvalidSetup(f"choose at most {MAX_SCENARIOS} scenarios")
        if "comfort" in chosen and not scenarios:
            raise InvalidSetup("the comfort vote needs at least one scenario")
        plan = self.content("en").plan(chosen, scenarios)
        now = self.now()
        who = self.store.address_key(client) if client else None
        if who:
            self._check_creation_limits(who, now)
        self.purge_expired()
        expires_at = now + int(self.ttl_hours * 3600)
        for _ in range(20):
            code, token = new_code(), secrets.token_urlsafe(24)
            workshop_id = self.store.create_workshop(
                code=code,
                token_hash=_hash("facilitator", token),
                title=clean_title,
                created_at=now,
                expires_at=expires_at,
                free_text=bool(free_text),
                new_steps=[NewStep(p.step_id, p.kind, p.scenario_id) for p in plan],
            )
            if workshop_id is not None:
                if who:
                    self._count(limit_rules.CREATE_ALL, limit_rules.EVERYONE, now)
                    self._count(limit_rules.CREATE, who, now)
                return CreatedWorkshop(code, token, clean_title, expires_at)
        raise InvalidSetup("could not find a free join code")  # pragma: no cover - 31^6 codes

    # -- limits -------------------------------------------------------------------------------
    def _wait(self, kind: str, who: str, limit: int, window: int, now: int) -> int:
        if limit <= 0:
            return 0
        recent = self.store.recent_limit_events(kind, who, now - window, limit)
        return limit_rules.wait_seconds(recent, limit, window, now)

    def _count(self, kind: str, who: str, now: int) -> None:
        self.store.add_limit_event(kind, who, now, forget_before=now - limit_rules.KEEP_SECONDS)

    def _check_creation_limits(self, who: str, now: int) -> None:
        rules = self.limits
        wait = max(self._wait(limit_rules.CREATE_ALL, limit_rules.EVERYONE, rules.workshops_per_hour,
                              limit_rules.HOUR, now),
                   self._wait(limit_rules.CREATE, who, rules.workshops_per_address_per_hour, limit_rules.HOUR, now))
        if wait:
            raise Limited("create", wait)

    # -- lookups ------------------------------------------------------------------------------
    def _live(self, row: WorkshopRow | None, missing: type[Exception]) -> WorkshopRow:
        if row is None:
            raise missing()
        if row.expires_at <= self.now():
            raise Expired()
        return row

    def join(self, code: Any, client: str | None = None) -> WorkshopRow:
        """The live workshop with this code, or WrongCode / Expired.

        ``client`` is the address the code comes from: after too many wrong codes from it (in any
        session, through any process) every code it tries waits (``Limited``), the right one too,
        so codes cannot be found by guessing."""
        now = self.now()
        who = self.store.address_key(client) if client else None
        rules = self.limits
        if who:
            wait = self._wait(limit_rules.WRONG_CODE, who, rules.wrong_codes_per_address, rules.wrong_codes_window, now)
            if wait:
                raise Limited("join", wait)
        try:
            return self._live(self.store.find_by_code(normalise_code(code)), WrongCode)
        except (WrongCode, Expired):
            if who and rules.wrong_codes_per_address > 0:
                self._count(limit_rules.WRONG_CODE, who, now)
            raise

    def _facilitator(self, token: Any) -> WorkshopRow:
        if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
            raise NotFacilitator("malformed token")
        return self._live(self.store.find_by_token_hash(_hash("facilitator", token)), NotFacilitator)

    def _participant(self, workshop: WorkshopRow, token: Any) -> str:
        """A per-workshop hash of the participant's random token (the same browser cannot be
        followed from one workshop to another)."""
        if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
            raise BadParticipant("malformed participant token")
        return _hash("participant", workshop.id, token)[:64]

    def _loaded(self, workshop: WorkshopRow) -> tuple[WorkshopRow, list[StepRow]]:
        loaded = self.store.load(workshop.id)
        if loaded is None:
            raise WrongCode()
        return loaded

    def _step(self, row: StepRow, lang: str = "en") -> Step:
        return self.content(lang).step(StepPlan(row.step_id, row.kind, row.scenario_id))

    def is_facilitator(self, token: Any) -> bool:
        try:
            self._facilitator(token)
            return True
        except (NotFacilitator, Expired):
            return False

    # -- participants -------------------------------------------------------------------------
    def participant_view(self, code: Any, participant_token: Any, lang: str = "en") -> ParticipantView:
        """What one participant's screen shows now: the current step, their own answers, and the
        group result if the facilitator has chosen to show it."""
        found = self.store.current_step(normalise_code(code))
        workshop = self._live(found[0] if found else None, WrongCode)
        step_row = found[1]
        participant = self._participant(workshop, participant_token)
        if step_row is None:
            return ParticipantView(workshop.code, workshop.title, "finished", workshop.current_position,
                                   workshop.step_count, None, {}, workshop.free_text, None, None)
        step = self._step(step_row, lang)
        mine = self.store.my_answers(workshop.id, participant, step_row.position)
        comment = self.store.my_comment(workshop.id, participant, step_row.position) if workshop.free_text else None
        results = None
        if step_row.results_shown:
            results = self._results(workshop, lang, only_position=step_row.position)[0]
        return ParticipantView(workshop.code, workshop.title, step_row.status, step_row.position,
                               workshop.step_count, step, mine, workshop.free_text, comment, results)

    def presenter_view(self, code: Any, lang: str = "en") -> PresenterView:
        """What the presenter screen shows: anyone with the join code may see it, as a phone may. No
        private link, no controls; the group result only when the facilitator shows it."""
        found = self.store.current_step(normalise_code(code))
        workshop = self._live(found[0] if found else None, WrongCode)
        step_row = found[1]
        if step_row is None:
            return PresenterView(workshop.code, workshop.title, "finished", workshop.current_position,
                                 workshop.step_count, workshop.expires_at, None, 0, None)
        result = self._results(workshop, lang, only_position=step_row.position)[0]
        return PresenterView(workshop.code, workshop.title, step_row.status, step_row.position, workshop.step_count,
                             workshop.expires_at, self._step(step_row, lang), result.respondents,
                             result if step_row.results_shown else None)

    def step_state(self, code: Any) -> tuple[int, str, bool] | None:
        """A cheap fingerprint of what participants should see: (position, status, results shown).
        Screens poll this and redraw only when it changes. None if the code no longer works."""
        try:
            found = self.store.current_step(normalise_code(code))
        except WrongCode:
            return None
        if found is None or found[0].expires_at <= self.now():
            return None
        workshop, step = found
        if step is None:
            return (workshop.current_position, "finished", False)
        return (step.position, step.status, step.results_shown)

    def answer(self, code: Any, participant_token: Any, question_id: Any, value: Any) -> str:
        """Store one answer (a repeat replaces the earlier one). Returns the stored value."""
        found = self.store.current_step(normalise_code(code))
        workshop = self._live(found[0] if found else None, WrongCode)
        step_row = found[1]
        participant = self._participant(workshop, participant_token)
        if step_row is None:
            raise Finished()
        question = self._step(step_row).question(question_id) if isinstance(question_id, str) else None
        if question is None:
            if self._question_elsewhere(workshop, question_id):
                raise NotCurrent("that question belongs to another activity (an old screen)")
            raise InvalidAnswer("that question is not part of this workshop")
        stored = question.normalise(value)
        self.store.record_answer(
            workshop_id=workshop.id,
            step_position=step_row.position,
            question_id=question.id,
            participant=participant,
            value=stored,
            now=self.now(),
        )
        return stored

    def _question_elsewhere(self, workshop: WorkshopRow, question_id: Any) -> bool:
        """True if ``question_id`` belongs to some other step of this workshop."""
        if not isinstance(question_id, str):
            return False
        _, step_rows = self._loaded(workshop)
        return any(self._step(row).question(question_id) is not None for row in step_rows)

    def answer_many(self, code: Any, participant_token: Any, values: Mapping[str, Any]) -> dict[str, str]:
        """Answer several questions of the current step (each is its own upsert)."""
        return {qid: self.answer(code, participant_token, qid, value) for qid, value in values.items()}

    def comment(self, code: Any, participant_token: Any, text: Any) -> str:
        """Free text for the current step, only if the facilitator turned it on. Seen only by them."""
        found = self.store.current_step(normalise_code(code))
        workshop = self._live(found[0] if found else None, WrongCode)
        step_row = found[1]
        participant = self._participant(workshop, participant_token)
        if not workshop.free_text:
            raise FreeTextOff()
        if step_row is None:
            raise Finished()
        clean = _clean_text(text, COMMENT_MAX)
        if not clean or len(clean) > COMMENT_MAX:
            raise InvalidAnswer(f"write 1 to {COMMENT_MAX} characters")
        self.store.record_comment(workshop_id=workshop.id, step_position=step_row.position,
                                  participant=participant, text_=clean, now=self.now())
        return clean

    # -- facilitator --------------------------------------------------------------------------
    def facilitator_view(self, token: Any, lang: str = "en") -> FacilitatorView:
        workshop, step_rows = self._loaded(self._facilitator(token))
        results = self._results(workshop, lang, step_rows=step_rows)
        comments: dict[int, list[str]] = {}
        if workshop.free_text:
            for position, text in self.store.comment_texts(workshop.id):
                comments.setdefault(position, []).append(text)
        return FacilitatorView(
            code=workshop.code,
            title=workshop.title,
            position=workshop.current_position,
            step_count=workshop.step_count,
            expires_at=workshop.expires_at,
            free_text=workshop.free_text,
            participants=self.store.participant_count(workshop.id),
            steps=tuple(results),
            comments={k: tuple(v) for k, v in comments.items()},
            created_at=workshop.created_at,
        )

    def code_for(self, token: Any) -> str:
        return self._facilitator(token).code

    def next_step(self, token: Any) -> int:
        """Close the current step and open the next; after the last one the workshop is finished."""
        workshop = self._facilitator(token)
        position = min(workshop.current_position + 1, workshop.step_count)
        self.store.set_position(workshop.id, position, open_it=position < workshop.step_count)
        return position

    def previous_step(self, token: Any) -> int:
        """Go back one step (closed, so the group can look at it again; reopen to take answers)."""
        workshop = self._facilitator(token)
        position = max(workshop.current_position - 1, 0)
        self.store.set_position(workshop.id, position, open_it=False)
        return position

    def _current_position(self, workshop: WorkshopRow) -> int:
        if workshop.current_position >= workshop.step_count:
            raise Finished()
        return workshop.current_position

    def open_step(self, token: Any) -> None:
        workshop = self._facilitator(token)
        self.store.set_step(workshop.id, self._current_position(workshop), status="open")

    def close_step(self, token: Any) -> None:
        workshop = self._facilitator(token)
        self.store.set_step(workshop.id, self._current_position(workshop), status="closed")

    def show_results(self, token: Any, shown: bool = True) -> None:
        """Show (or hide) the group result of the current step on participants' screens."""
        workshop = self._facilitator(token)
        self.store.set_step(workshop.id, self._current_position(workshop), results_shown=bool(shown))

    def set_free_text(self, token: Any, on: bool) -> None:
        workshop = self._facilitator(token)
        self.store.set_free_text(workshop.id, bool(on))

    def set_paper_votes(self, token: Any, question_id: Any, counts: Mapping[str, Any]) -> None:
        """Replace the hand-counted votes for one question: {choice id: number of votes}."""
        workshop, step_rows = self._loaded(self._facilitator(token))
        question = None
        for row in step_rows:
            question = self._step(row).question(question_id) if isinstance(question_id, str) else None
            if question is not None:
                break
        if question is None:
            raise InvalidAnswer("that question is not part of this workshop")
        if not isinstance(counts, Mapping):
            raise InvalidAnswer("paper votes are a count for each choice")
        clean: dict[str, int] = {}
        for value, count in counts.items():
            if value not in question.option_values():
                raise InvalidAnswer(f"{value!r} is not a choice of this question")
            if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_PAPER_COUNT:
                raise InvalidAnswer(f"a count must be a whole number from 0 to {MAX_PAPER_COUNT}")
            clean[value] = count
        self.store.set_paper_votes(workshop.id, question.id, clean)

    def results(self, token: Any, lang: str = "en") -> list[StepResult]:
        workshop = self._facilitator(token)
        return self._results(workshop, lang)

    def _results(self, workshop: WorkshopRow, lang: str, *, step_rows: list[StepRow] | None = None,
                 only_position: int | None = None) -> list[StepResult]:
        if step_rows is None:
            step_rows = self._loaded(workshop)[1]
        results = build_results(self.content(lang), step_rows,
                                self.store.answer_counts(workshop.id), self.store.paper_counts(workshop.id))
        if only_position is not None:
            results = [r for r in results if r.position == only_position]
        return results

    def export_csv(self, token: Any, lang: str = "en", scenario_titles: Mapping[str, str] | None = None) -> str:
        """Totals for every choice of every question as CSV (no per-person rows, no free text), with
        the privacy threshold of the screens (``results.visibility``)."""
        from ..i18n import catalogue

        workshop = self._facilitator(token)
        cat = catalogue()
        return results_csv(workshop.code, workshop.title, self._results(workshop, lang), scenario_titles,
                           too_few=cat.t(lang, "workshop.csv_too_few", n=MIN_GROUP_SIZE),
                           no_split=cat.t(lang, "workshop.csv_no_split", n=MIN_GROUP_SIZE))

    def delete_workshop(self, token: Any) -> None:
        """Delete the workshop and every answer, paper vote and comment stored for it."""
        if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
            raise NotFacilitator("malformed token")
        workshop = self.store.find_by_token_hash(_hash("facilitator", token))
        if workshop is None:
            raise NotFacilitator()
        self.store.delete_workshop(workshop.id)

    def purge_expired(self) -> int:
        """Delete every expired workshop. Called when a workshop is created; safe to call any time."""
        return self.store.purge_expired(self.now())
