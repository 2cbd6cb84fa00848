"""``python -m crm_core backup`` and ``restore``: the page's code from a terminal; a refused
archive is one sentence on stderr and exit status 2."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from crm_core import store
from crm_core.cli import main
from crm_core.settings import load_settings
from tests.conftest import ROOT
from tests.test_workspaces import make_with_file


def test_backup_then_restore_as_a_copy(workbench_env, tmp_path, capsys):
    settings = load_settings()
    engine = store.open_store(settings.db_url)
    make_with_file(engine, settings.data_dir, name="Globex 2026-Q4")
    out = tmp_path / "globex.zip"
    assert main(["backup", "--workspace", "Globex 2026-Q4", "--out", str(out)]) == 0
    assert "Wrote the backup of 'Globex 2026-Q4'" in capsys.readouterr().out
    assert zipfile.is_zipfile(out)
    assert main(["restore", str(out), "--as-copy"]) == 0
    assert "Restored the backup as workspace 'Globex 2026-Q4 (copy)'" in capsys.readouterr().out
    with store.session_scope(engine) as session:
        assert [w.name for w in store.list_workspaces(session=session)] == ["Globex 2026-Q4", "Globex 2026-Q4 (copy)"]
    engine.dispose()


def test_a_refused_archive_is_one_sentence_and_exit_status_2(workbench_env, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    for argv in (["restore", str(bad)], ["restore", str(tmp_path / "missing.zip")],
                 ["backup", "--workspace", "Nobody", "--out", str(tmp_path / "x.zip")]):
        done = subprocess.run([sys.executable, "-m", "crm_core", *argv], cwd=ROOT, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 2, done.stderr
        assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1, done.stderr
        assert "Traceback" not in done.stderr


def test_a_forgotten_passphrase_is_forgotten_from_the_command_line(workbench_env, capsys, monkeypatch):
    from crm_core import facilitator

    monkeypatch.delenv(facilitator.PASSPHRASE_ENV, raising=False)
    engine = store.open_store(load_settings().db_url)
    assert main(["forget-passphrase"]) == 0
    assert "nothing to forget" in capsys.readouterr().out
    with store.session_scope(engine) as session:
        facilitator.choose_passphrase(session=session, passphrase="correct horse", repeated="correct horse")
    assert main(["forget-passphrase"]) == 0
    assert "choose a new one" in capsys.readouterr().out
    with store.session_scope(engine) as session:
        assert not facilitator.passphrase_is_set(session=session)
    engine.dispose()
