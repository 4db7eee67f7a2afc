"""Files from strangers (issue 5), the save folder: listing never fails, and killed
writers' temporary files are cleared by the next save."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from game import saves
from game.engine import load_scenario, new_game
from game.saves import BrokenSave, SaveFile, list_saves, write_save

HOSTILE = Path(__file__).parent / "data" / "hostile"
fcntl = pytest.importorskip("fcntl")  # leftovers are told apart by file locks


@pytest.fixture
def state():
    return new_game(load_scenario(HOSTILE / "scenarios" / "base.toml"), 7)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    folder = tmp_path / "saves"
    folder.mkdir()
    return folder


def test_a_killed_writers_temporary_file_is_removed_by_the_next_save(state, folder):
    # A real writer: it makes and locks its temporary file, then is killed before the rename.
    code = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from game import saves
        descriptor, name = saves._locked_temporary(Path({str(folder / 'game.toml')!r}))
        print(name, flush=True)
        time.sleep(60)
    """)
    writer = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    leftover = Path(writer.stdout.readline().strip())
    assert leftover.exists()
    write_save(folder / "other.toml", state, player="A")
    assert leftover.exists(), "a live writer's temporary file must be left alone"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    writer.stdout.close()
    write_save(folder / "other.toml", state, player="A")
    assert not leftover.exists()
    assert sorted(p.name for p in folder.iterdir()) == ["other.toml"]


def test_only_our_own_temporary_names_are_removed(state, folder):
    ours = [folder / ".game.toml.ab_cd123.tmp", folder / ".autosave-x.toml.zzzzzzzz.tmp"]
    theirs = [folder / "notes.tmp", folder / ".game.toml.short.tmp", folder / "game.toml.abcdefgh.tmp",
              folder / ".game.toml.ABCDEFGH.tmp"]
    for path in ours + theirs:
        path.write_text("partial")
    os.mkfifo(folder / ".pipe.toml.abcdefgh.tmp")  # our pattern, but not a regular file: not ours
    (folder / ".dir.toml.abcdefgh.tmp").mkdir()
    write_save(folder / "game.toml", state, player="A")
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in theirs)
    assert (folder / ".pipe.toml.abcdefgh.tmp").exists() and (folder / ".dir.toml.abcdefgh.tmp").is_dir()


def test_list_saves_never_raises_and_can_list_broken_saves(state, folder):
    write_save(folder / "good.toml", state, player="A")
    for hostile in (HOSTILE / "saves").glob("*.toml"):
        shutil.copy(hostile, folder / hostile.name)
    os.mkfifo(folder / "pipe.toml")  # never opened, so the listing cannot hang
    (folder / "dir.toml").mkdir()

    readable = list_saves(folder)
    listed = list_saves(folder, with_broken=True)

    assert all(isinstance(s, SaveFile) for s in readable)
    assert "good.toml" in {s.path.name for s in readable}
    broken = {s.path.name: s for s in listed if isinstance(s, BrokenSave)}
    assert {"created_past_9999_in_utc.toml", "seed_of_5000_digits.toml", "decisions_nested_900_deep.toml",
            "empty.toml", "binary_data.toml"} <= set(broken)
    assert "pipe.toml" not in broken and "dir.toml" not in broken
    assert len(readable) + len(broken) == len(listed)
    for entry in broken.values():
        assert entry.scenario_id is None
        assert entry.message.startswith(str(entry.path)) and entry.message.isprintable()
    assert "cannot be expressed in UTC" in broken["created_past_9999_in_utc.toml"].message


def test_list_saves_survives_a_reader_bug(folder, monkeypatch):
    (folder / "a.toml").write_text("x = 1\n")

    def bug(path):
        raise ZeroDivisionError

    monkeypatch.setattr(saves, "read_save", bug)
    assert list_saves(folder) == []
    [broken] = list_saves(folder, with_broken=True)
    assert "cannot be read (ZeroDivisionError)" in broken.message


def test_saving_onto_a_fifo_is_refused_without_blocking(state, folder):
    pipe = folder / "pipe.toml"
    os.mkfifo(pipe)

    def hung(*args):
        raise AssertionError("write_save blocked on a FIFO")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)  # a regression fails here instead of hanging the test run
    try:
        with pytest.raises(saves.SaveError, match=r"could not save: this is a pipe \(FIFO\)"):
            write_save(pipe, state, player="A")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
