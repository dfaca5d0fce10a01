import os
from pathlib import Path

import pytest

from essaylint.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def run(capsys, monkeypatch):
    """Call main(argv) in-process from the repository root; (code, stdout, stderr)."""

    def _run(*argv, cwd=ROOT):
        monkeypatch.chdir(cwd)
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def update_snapshots() -> bool:
    return os.environ.get("ESSAYLINT_UPDATE_SNAPSHOTS") == "1"
