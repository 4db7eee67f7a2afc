"""The title appears without the loader: pydantic and the scenario schema cost more than a bare
Textual app's whole start-up (docs/benchmarks.md), so they wait until a game starts."""

import subprocess
import sys

PROBE = """
import sys, tempfile
import game.cli
from game.tui.app import CrossroadsApp
class Probe(CrossroadsApp):
    def on_ready(self):
        self.call_after_refresh(self.exit)
with tempfile.TemporaryDirectory() as saves:
    Probe(saves_dir=saves).run(headless=True)
print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("pydantic", "tree_sitter", "markdown_it")
                      or m in ("game.engine.loader", "game.engine.schema", "game.saves"))))
"""


def test_the_title_screen_is_drawn_without_the_loader_or_pydantic():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1:] in ([], [""]), f"the title pulled in: {result.stdout.strip()}"
