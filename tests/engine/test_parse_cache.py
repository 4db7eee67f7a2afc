"""The parsed TOML kept for the next start (game.engine.parse_cache): the same values as parsing,
used only for the very same bytes, and never trusted beyond what the scenario file could do."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from game.engine import parse_cache
from game.engine.loader import _parse_toml, load_scenario
from game.engine.problems import ScenarioError

ROOT = Path(__file__).resolve().parents[2]


def _sound_files() -> list[Path]:
    found = []
    for path in sorted([*(ROOT / "scenarios").glob("*.toml"), *(ROOT / "tests").rglob("*.toml")]):
        try:
            load_scenario(path)
        except (ScenarioError, RecursionError):
            continue
        found.append(path)
    return found


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.exists() else []


def _values(path: Path) -> dict:
    source = path.read_bytes()
    return _parse_toml(source, str(path))


@pytest.mark.parametrize("path", _sound_files(), ids=lambda p: p.name)
def test_a_kept_entry_gives_exactly_the_values_parsing_gives(path, tmp_path):
    load_scenario(path, cache=tmp_path)  # a miss: parsed, and the entry written
    (entry,) = _entries(tmp_path)
    kept = parse_cache.read(entry, parse_cache.source_hash(path.read_bytes()))
    assert kept is not None
    assert repr(kept) == repr(_values(path)), "the same values, types (dates, floats) and key order"
    scenario = load_scenario(path, cache=tmp_path)  # a hit
    assert (scenario.id, scenario.title, scenario.start) == (load_scenario(path).id, load_scenario(path).title,
                                                             load_scenario(path).start)


def test_without_a_cache_folder_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    load_scenario(ROOT / "scenarios" / "tutorial.toml")
    assert list(tmp_path.iterdir()) == []


def test_an_entry_is_used_only_for_the_same_bytes(tmp_path):
    scenario = tmp_path / "mine.toml"
    scenario.write_bytes((ROOT / "scenarios" / "tutorial.toml").read_bytes())
    cache = tmp_path / "cache"
    first = load_scenario(scenario, cache=cache)
    text = scenario.read_text(encoding="utf-8").replace(first.title, "A new title", 1)
    scenario.write_text(text, encoding="utf-8")
    assert load_scenario(scenario, cache=cache).title == "A new title", "the edited file is parsed again"
    assert len(_entries(cache)) == 1, "one entry a file: rewritten for the new bytes"


@pytest.mark.parametrize("garble", [
    lambda entry: "{not json",
    lambda entry: json.dumps({**entry, "format": 99}),
    lambda entry: json.dumps({**entry, "python": "2.7"}),
    lambda entry: json.dumps({**entry, "data": []}),
    lambda entry: json.dumps(entry, separators=(",", ":")).replace('"date"', '"someday"', 1),
    lambda entry: json.dumps(entry, separators=(",", ":")).replace('"v":"', '"v":"x', 1),
    lambda entry: "[" * 100_000,
], ids=["not-json", "format", "python", "not-a-table", "bad-tag", "bad-date", "deep"])
def test_a_garbled_entry_is_a_miss_and_the_file_is_parsed(garble, tmp_path):
    path = ROOT / "scenarios" / "tutorial.toml"
    load_scenario(path, cache=tmp_path)
    (entry,) = _entries(tmp_path)
    entry.write_text(garble(json.loads(entry.read_text(encoding="utf-8"))), encoding="utf-8")
    assert parse_cache.read(entry, parse_cache.source_hash(path.read_bytes())) is None
    assert load_scenario(path, cache=tmp_path).title == load_scenario(path).title


def test_an_entry_edited_by_hand_is_cleaned_and_checked_like_a_file(tmp_path):
    path = ROOT / "scenarios" / "tutorial.toml"
    load_scenario(path, cache=tmp_path)
    (entry,) = _entries(tmp_path)
    kept = json.loads(entry.read_text(encoding="utf-8"))
    kept["data"]["scenario"]["title"] = "Escape\x1b]0;pwned\x07 here"
    entry.write_text(json.dumps(kept), encoding="utf-8")
    assert load_scenario(path, cache=tmp_path).title == "Escape]0;pwned here"
    kept["data"]["scenario"]["turns"] = "many"
    entry.write_text(json.dumps(kept), encoding="utf-8")
    with pytest.raises(ScenarioError):
        load_scenario(path, cache=tmp_path)


def test_no_entry_is_written_for_a_file_with_problems(tmp_path):
    broken = tmp_path / "broken.toml"
    text = (ROOT / "scenarios" / "tutorial.toml").read_text(encoding="utf-8")
    broken.write_text(text.replace("turns =", "turns = -", 1), encoding="utf-8")
    with pytest.raises(ScenarioError):
        load_scenario(broken, cache=tmp_path / "cache")
    assert _entries(tmp_path / "cache") == []


def test_a_cache_folder_that_cannot_be_written_is_passed_over(tmp_path):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert load_scenario(ROOT / "scenarios" / "tutorial.toml", cache=blocked / "cache").id == "tutorial"
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_the_cache_keeps_only_the_most_recent_files(tmp_path, monkeypatch):
    monkeypatch.setattr(parse_cache, "MAX_ENTRIES", 2)
    cache = tmp_path / "cache"
    copies = []
    for when, name in enumerate(("a", "b", "c"), start=1_000_000):
        copy = tmp_path / f"{name}.toml"
        copy.write_bytes((ROOT / "scenarios" / "tutorial.toml").read_bytes())
        load_scenario(copy, cache=cache)
        os.utime(parse_cache.entry_for(cache, copy), (when, when))  # written in this order, whatever the clock
        copies.append(copy)
    kept = {entry.name for entry in _entries(cache)}
    assert kept == {parse_cache.entry_for(cache, copy).name for copy in copies[1:]}, "the oldest is removed"
