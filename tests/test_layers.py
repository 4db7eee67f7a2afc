"""The engine is pure: it must run without Textual or the app."""

import subprocess
import sys


def test_engine_imports_neither_textual_nor_the_app():
    code = (
        "import sys, game.engine, game.engine.policies, game.saves, game.tools.transcript;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
        " or m.startswith('game.tui'));"
        "print(','.join(bad))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"the engine pulled in: {result.stdout.strip()}"
