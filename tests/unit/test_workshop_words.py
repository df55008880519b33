"""Every interface word the workshop screens use exists, in plain words, for every error."""
from __future__ import annotations

import re
import shutil

import yaml

from ndl_explain import CONTENT_DIR, PROJECT_DIR
from ndl_explain.i18n import catalogue
from ndl_explain.readability import measure
from ndl_explain.workshop import check_content, errors
from ndl_explain.workshop.activities import ACTIVITY_KINDS

UI_FILE = CONTENT_DIR / "en" / "ui" / "workshop.yaml"
UI_CODE = sorted((PROJECT_DIR / "ndl_explain" / "ui").glob("workshop_*.py"))  # one file per screen


def ui_words() -> dict:
    return yaml.safe_load(UI_FILE.read_text(encoding="utf-8"))


def test_every_key_the_screens_use_exists():
    assert len(UI_CODE) >= 4, UI_CODE  # common, participant, facilitator, presenter
    code = "\n".join(path.read_text(encoding="utf-8") for path in UI_CODE)
    used = set(re.findall(r'\btextn?\(\s*"([a-z_]+)"', code))
    used |= set(re.findall(r'"workshop\.([a-z_]+)"', code))
    assert used, "the screens use interface words"
    missing = sorted(used - set(ui_words()))
    assert missing == []


def test_every_error_has_a_message():
    words = ui_words()
    for name in dir(errors):
        cls = getattr(errors, name)
        if isinstance(cls, type) and issubclass(cls, errors.WorkshopError):
            assert cls.key in words, cls.__name__
            assert catalogue().t("en", f"workshop.{cls.key}")


def test_option_maps_are_complete():
    words = ui_words()
    assert set(words["status_labels"]) == {"ready", "open", "closed"}
    assert set(words["activity_descriptions"]) == set(ACTIVITY_KINDS)


def test_participant_words_read_easily():
    words = ui_words()
    participant = [v for k, v in words.items() if isinstance(v, str) and not k.startswith("chart_")]
    result = measure("\n\n".join(t.replace("{", "").replace("}", "") for t in participant))
    assert result.avoided_words == ()
    assert result.longest_sentence_words <= 25, result.longest_sentence
    assert result.flesch >= 60


def test_content_check_passes_and_catches_mismatched_welsh_ids(tmp_path):
    assert check_content(CONTENT_DIR) == []
    root = tmp_path / "content"
    (root / "en" / "ui").mkdir(parents=True)
    (root / "cy").mkdir()
    shutil.copy(CONTENT_DIR / "sources.yaml", root / "sources.yaml")
    shutil.copy(CONTENT_DIR / "en" / "workshop.yaml", root / "en" / "workshop.yaml")
    shutil.copy(UI_FILE, root / "en" / "ui" / "workshop.yaml")
    data = yaml.safe_load((CONTENT_DIR / "en" / "workshop.yaml").read_text(encoding="utf-8"))
    data["reassure"]["rules"][0]["id"] = "renamed-rule"
    (root / "cy" / "workshop.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = check_content(root)
    assert len(problems) == 1 and "must match content/en/workshop.yaml" in problems[0].message
