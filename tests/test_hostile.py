"""Files from strangers (issue 5): the command line on hostile scenarios and saves.

Every case runs `python -m game …` in a subprocess under a memory cap and a CPU
limit, with a timeout, so a regression (a hang, an endless read, a runaway
number) fails the test instead of eating the machine. The committed corpus and
what each case must print are in tests/data/hostile/cases.toml; cases that need
a FIFO, a device, a socket, a huge file or a hostile file name are made here at
test time.
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "data" / "hostile"
CASES = tomllib.loads((HOSTILE / "cases.toml").read_text(encoding="utf-8"))["case"]
BASE_SCENARIO = HOSTILE / "scenarios" / "base.toml"
BASE_SAVE = HOSTILE / "saves" / "base.toml"

MEMORY_CAP = 1 << 30  # bytes of address space: the cap documented in docs/scenario-format.md
CPU_SECONDS = 30
TIMEOUT = 60  # seconds of wall time: a blocked read (a FIFO) uses no CPU at all
CONTROL = {chr(c) for c in range(32) if chr(c) not in "\n\t"} | {chr(c) for c in range(0x7F, 0xA0)}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def crossroads(*args: str, cwd: Path, saves: Path) -> tuple[int, str]:
    """Exit code and everything printed (stdout then stderr) by the command line."""
    env = {**os.environ, "CROSSROADS_SAVES": str(saves)}
    try:
        done = subprocess.run([sys.executable, "-m", "game", *args], cwd=cwd, capture_output=True,
                              timeout=TIMEOUT, preexec_fn=_limits, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`crossroads {' '.join(args)}` still ran after {TIMEOUT} s")
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


def assert_clean_failure(output: str) -> None:
    assert "Traceback" not in output, output
    assert "MemoryError" not in output, output
    assert not CONTROL & set(output), f"a raw control character reached the terminal: {output!r}"


def _case_id(case: dict) -> str:
    return " ".join(a.split("/")[-1].removesuffix(".toml") for a in case["args"])


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_hostile_case(case, tmp_path):
    code, output = crossroads(*case["args"], cwd=HOSTILE, saves=tmp_path)
    assert_clean_failure(output)
    assert case["message"] in output, output
    if "line" in case:
        assert f"{case['args'][1]}:{case['line']}:" in output, output
    if "absent" in case:
        assert case["absent"] not in output, output
    assert code == case["exit"], output


def test_the_corpus_is_all_used_and_large_enough():
    named = {arg for case in CASES for arg in case["args"]}
    scenarios = {f"scenarios/{p.name}" for p in (HOSTILE / "scenarios").glob("*.toml")}
    saves = {f"saves/{p.name}" for p in (HOSTILE / "saves").glob("*.toml")}
    assert scenarios - named == set(), "scenario files no case uses"
    assert saves - named == set(), "save files no case uses"
    assert len(scenarios) >= 30 and len(saves) >= 15


# -- cases made at test time ----------------------------------------------------------------


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)  # nobody ever writes to it: opening it for reading would block for ever
    return path


@pytest.mark.parametrize("command", [
    ["validate", "{path}"],
    ["run", "{path}", "--seed", "1"],
    ["replay", "{path}"],
    ["replay", str(BASE_SAVE), "--scenario", "{path}"],
    ["run", str(BASE_SCENARIO), "--seed", "1", "--save", "{path}"],
], ids=["validate", "run", "replay", "replay-scenario", "run-save-onto"])
def test_a_fifo_is_refused_without_waiting(command, fifo, tmp_path):
    code, output = crossroads(*(arg.format(path=fifo) for arg in command), cwd=tmp_path, saves=tmp_path)
    assert_clean_failure(output)
    assert "this is a pipe (FIFO)" in output
    assert code in (1, 2)


def test_a_save_naming_a_fifo_never_opens_it(fifo, tmp_path):
    save = tmp_path / "shared.toml"
    save.write_text(BASE_SAVE.read_text().replace('"scenarios/base.toml"', f'"{fifo}"'))
    code, output = crossroads("replay", str(save), "--scenario", str(BASE_SCENARIO), cwd=tmp_path, saves=tmp_path)
    assert_clean_failure(output)
    assert code == 0 and "the save matches" in output


@pytest.mark.parametrize("command", [
    ["validate", "{path}"],
    ["run", "{path}", "--seed", "1"],
    ["replay", "{path}"],
    ["replay", str(BASE_SAVE), "--scenario", "{path}"],
], ids=["validate", "run", "replay", "replay-scenario"])
@pytest.mark.parametrize("through_a_link", [False, True], ids=["direct", "symlink"])
def test_an_endless_device_is_refused(command, through_a_link, tmp_path):
    path = Path("/dev/zero")
    if through_a_link:
        path = tmp_path / "innocent.toml"
        path.symlink_to("/dev/zero")
    code, output = crossroads(*(arg.format(path=path) for arg in command), cwd=tmp_path, saves=tmp_path)
    assert_clean_failure(output)
    assert "this is a device" in output
    assert code in (1, 2)


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.toml"
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind(str(path))
        code, output = crossroads("validate", str(path), cwd=tmp_path, saves=tmp_path)
    assert_clean_failure(output)
    assert "this is a socket" in output and code == 1


@pytest.mark.parametrize("command", [["validate", "{path}"], ["replay", "{path}"]], ids=["scenario", "save"])
def test_a_huge_file_is_refused_after_reading_no_more_than_the_cap(command, tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:  # sparse: 5 GB that take no disk space
        handle.truncate(5_000_000_000)
    code, output = crossroads(*(arg.format(path=path) for arg in command), cwd=tmp_path, saves=tmp_path)
    assert_clean_failure(output)
    assert "larger than" in output and code == 1


def test_a_file_name_with_escape_sequences_is_printed_cleaned(tmp_path):
    hostile = tmp_path / "\x1b]0;PWNED\x07\x1b[31mred\x9b.toml"
    shutil.copy(HOSTILE / "scenarios" / "dates_past_9999.toml", hostile)
    code, output = crossroads("validate", hostile.name, cwd=tmp_path, saves=tmp_path)
    assert_clean_failure(output)
    assert "]0;PWNED[31mred.toml:10:9: turn 2 would fall in the year 10000" in output
    assert code == 1


def test_a_missing_file_with_escape_sequences_in_its_name(tmp_path):
    code, output = crossroads("run", "\x1b]0;PWNED\x07.toml", "--seed", "1", cwd=tmp_path, saves=tmp_path)
    assert_clean_failure(output)
    assert "]0;PWNED.toml: no such file" in output and code == 1


def test_usage_errors_quoting_the_command_line_are_cleaned(tmp_path):
    code, output = crossroads("run", str(BASE_SCENARIO), "--seed", "\x1b]0;PWNED\x07", cwd=tmp_path, saves=tmp_path)
    assert_clean_failure(output)
    assert "invalid int value" in output and code == 2


@pytest.mark.parametrize("command, words", [
    (["validate", "{path}"], "too dense to be a scenario"),
    (["replay", "{path}"], "this is not a Crossroads save (it holds more than 400,000 values"),
], ids=["scenario", "save"])
def test_a_file_of_a_million_tiny_values_is_refused_before_parsing(command, words, tmp_path):
    path = tmp_path / "dense.toml"
    path.write_text("scenario_sha256 = 1\nturn_hashes = 1\nx = [" + "1," * 999_000 + "1]\n")  # under 2 MB
    code, output = crossroads(*(arg.format(path=path) for arg in command), cwd=tmp_path, saves=tmp_path)
    assert_clean_failure(output)
    assert words in output and code == 1
