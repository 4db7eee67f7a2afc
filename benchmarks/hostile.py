"""The cost of the worst files within the limits: wall time and peak memory of the CLI.

    python benchmarks/hostile.py

Writes each worst case to a temporary folder (files far denser or larger than
any real scenario or save, but just inside the limits, and some just outside),
runs `python -m game validate` or `replay` on it in a fresh process under the
1 GiB address-space cap the tests use, and prints the wall time, the peak
resident memory (ru_maxrss of the child) and the exit code. A bare start of the
command line is measured in the same run, to subtract.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"
MEMORY_CAP = 1 << 30


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def cases(folder: Path) -> list[tuple[str, list[str]]]:
    base = (HOSTILE / "scenarios" / "base.toml").read_text()
    save = (HOSTILE / "saves" / "base.toml").read_text()
    event = ('\n[events.e{i}]\ntitle = "Event {i}"\ntext = "Text of event {i}, long enough to be a paragraph '
             'that someone wrote."\nwhen = "turn >= 1 and trust > {m}"\n[[events.e{i}.choices]]\nid = "a"\n'
             'label = "A"\neffects = {{ trust = 1, alliance = "-trust / 10" }}\n')
    written = {
        "scenario: 149,000 tiny values (just inside 150,000)": ("validate", base + "\n[glossary]\nx = ["
                                                                 + "1," * 149_000 + "1]\n"),
        "scenario: 2 MB of `1,` (refused before parsing)": ("validate", base + "\nx = [" + "1," * 990_000 + "1]\n"),
        "scenario: 4,990 events (1.3 MB, valid)": ("validate", base + "".join(
            event.format(i=i, m=i % 50) for i in range(4990))),
        "scenario: 4,990 events, each with an unknown key": ("validate", base + "".join(
            event.format(i=i, m=i % 50).replace('label = "A"', 'label = "A"\nbad = 1') for i in range(4990))),
        "scenario: one 1.9 MB string": ("validate", base.replace(
            'text = "Moscow proposes talks."', 'text = "' + "x" * 1_900_000 + '"')),
        "save: 399,900 tiny values (just inside 400,000)": ("replay", save.replace(
            "decisions = [", "junk = [" + "1," * 399_900 + "1]\ndecisions = [")),
        "save: 39,990 decisions (3.5 times a 600-turn game)": ("replay", save.replace(
            "decisions = [\n", "decisions = [\n" + '    { turn = 1, kind = "event", id = "talks", '
                                                   'choice = "accept" },\n' * 39_990)),
    }
    found = []
    for index, (name, (command, text)) in enumerate(written.items()):
        path = folder / f"case{index}.toml"
        path.write_text(text)
        found.append((name, [command, str(path)]))
    found.append(("/dev/zero as a scenario", ["validate", "/dev/zero"]))
    return found


def measure(args: list[str]) -> tuple[float, int, int]:
    """Wall seconds, peak resident KiB and exit code of one run (wait4 gives the child's own peak)."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "game", *args], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, preexec_fn=_limits)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss, child.returncode


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = [("bare start (`crossroads validate` of the 50-line base scenario)",
                 ["validate", str(HOSTILE / "scenarios" / "base.toml")])] + cases(Path(folder))
        print(f"{'case':<66} {'wall s':>7} {'peak MiB':>9} {'exit':>5}")
        for name, args in rows:
            elapsed, peak, code = measure(args)
            print(f"{name:<66} {elapsed:7.2f} {peak / 1024:9.0f} {code:5d}")


if __name__ == "__main__":
    main()
