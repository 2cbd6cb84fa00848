"""The core of room mode: the facilitator's passphrase, back-off, join addresses, a database
from a newer workbench, staging leftovers."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from crm_core import data_folder, facilitator, network, store
from crm_core.errors import CrmCoreError
from crm_core.models import AppSetting
from crm_core.settings import load_settings
from crm_core.throttle import Throttle, TooManyAttemptsError


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_throttle_doubles_the_wait_after_the_free_attempts_and_a_success_clears_it():
    clock = Clock()
    throttle = Throttle(free=3, base_seconds=1, cap_seconds=8, clock=clock)
    for _ in range(3):
        throttle.check("a")
        throttle.failed("a")
    assert throttle.wait_left("a") == 1
    clock.now += 1
    throttle.check("a")
    throttle.failed("a")
    assert throttle.wait_left("a") == 2
    with pytest.raises(TooManyAttemptsError, match="wait 2 seconds"):
        throttle.check("a")
    for _ in range(10):
        throttle.failed("a")
    assert throttle.wait_left("a") == 8  # capped
    assert throttle.wait_left("b") == 0  # per key
    throttle.succeeded("a")
    assert throttle.wait_left("a") == 0


def test_the_throttle_forgets_old_keys_when_it_grows():
    clock = Clock()
    throttle = Throttle(max_keys=10, cap_seconds=5, clock=clock)
    for i in range(11):
        throttle.failed(f"k{i}")
    clock.now += 100
    throttle.failed("new")
    assert len(throttle._failures) <= 10


def test_a_chosen_passphrase_is_kept_only_as_a_salted_hash(engine, monkeypatch):
    monkeypatch.delenv(facilitator.PASSPHRASE_ENV, raising=False)
    throttle = Throttle()
    with store.session_scope(engine) as session:
        assert not facilitator.passphrase_is_set(session=session)
        with pytest.raises(CrmCoreError, match="at least 8"):
            facilitator.choose_passphrase(session=session, passphrase="short", repeated="short")
        with pytest.raises(CrmCoreError, match="differ"):
            facilitator.choose_passphrase(session=session, passphrase="correct horse", repeated="correct horsf")
        facilitator.choose_passphrase(session=session, passphrase="correct horse", repeated="correct horse")
    with store.session_scope(engine) as session:
        stored = session.get(AppSetting, facilitator.PASSPHRASE_KEY).value_json
        assert "correct horse" not in stored and set(json.loads(stored)) == {"salt", "hash"}
        with pytest.raises(CrmCoreError, match="already set"):
            facilitator.choose_passphrase(session=session, passphrase="another one", repeated="another one")
        facilitator.sign_in(session=session, passphrase="correct horse", address="10.0.0.5", throttle=throttle)
        for _ in range(3):
            with pytest.raises(facilitator.WrongPassphraseError):
                facilitator.sign_in(session=session, passphrase="wrong", address="10.0.0.6", throttle=throttle)
        with pytest.raises(TooManyAttemptsError):  # even the right one must wait now, from that address
            facilitator.sign_in(session=session, passphrase="correct horse", address="10.0.0.6", throttle=throttle)
        facilitator.sign_in(session=session, passphrase="correct horse", address="10.0.0.5", throttle=throttle)


def test_a_passphrase_from_the_environment_is_never_stored(engine, monkeypatch):
    monkeypatch.setenv(facilitator.PASSPHRASE_ENV, "from the environment")
    with store.session_scope(engine) as session:
        assert facilitator.passphrase_is_set(session=session)
        facilitator.sign_in(session=session, passphrase="from the environment", address="x", throttle=Throttle())
        with pytest.raises(facilitator.WrongPassphraseError):
            facilitator.sign_in(session=session, passphrase="from the env", address="x", throttle=Throttle())
        assert session.get(AppSetting, facilitator.PASSPHRASE_KEY) is None


@pytest.mark.parametrize(("public_url", "addresses", "expected", "reachable"), [
    ("https://room.example.org/", ["192.168.1.20"], "https://room.example.org", True),
    ("", ["192.168.1.20", "10.0.0.3"], "http://192.168.1.20:8501", True),
    ("", [], "http://localhost:8501", False),
])
def test_the_join_address_prefers_the_public_url_then_the_lan(public_url, addresses, expected, reachable):
    found = network.join_address(public_url=public_url, addresses=addresses, port=8501)
    assert (found.base_url, found.reachable) == (expected, reachable)
    assert bool(found.note) != reachable


def test_lan_addresses_leave_out_loopback():
    assert all(not a.startswith("127.") for a in network.lan_addresses())


@pytest.mark.parametrize(("address", "loopback"), [
    (None, True), ("127.0.0.1", True), ("::1", True), ("::ffff:127.0.0.1", True),
    ("192.168.1.4", False), ("10.1.2.3", False), ("fe80::1%eth0", False), ("nonsense", False),
])
def test_who_counts_as_this_machine(address, loopback):
    assert network.is_loopback(address) is loopback


def test_settings_read_the_mode_and_the_public_url():
    assert load_settings({}).mode == "solo"
    room = load_settings({"CRM_WORKBENCH_MODE": "Room", "CRM_WORKBENCH_PUBLIC_URL": " https://x.org "})
    assert room.room_mode and room.public_url == "https://x.org"
    assert load_settings({"CRM_WORKBENCH_MODE": "everyone"}).mode == "solo"  # anything else stays local


def test_a_database_from_a_newer_workbench_is_one_sentence(db_url):
    engine = store.open_store(db_url)
    with engine.begin() as connection:
        connection.execute(text("update alembic_version set version_num = '0999'"))
    engine.dispose()
    with pytest.raises(CrmCoreError) as refused:
        store.open_store(db_url)
    assert str(refused.value) == (
        "This database was written by a newer version of the workbench (revision 0999): upgrade the app or "
        "point CRM_WORKBENCH_DB_URL at another database.")


def test_staging_leftovers_are_removed_and_only_those(tmp_path):
    root = tmp_path / "workspaces"
    kept = root / ("a" * 32) / "sources" / ("b" * 32)
    kept.mkdir(parents=True)
    (kept / "table.parquet").write_bytes(b"x")
    for leftover in (root / ".restore-123", root / ("a" * 32) / ".import-456"):
        leftover.mkdir(parents=True)
        (leftover / "original.csv").write_text("half")
    removed = data_folder.clean_leftovers(tmp_path)
    assert sorted(p.name for p in removed) == [".import-456", ".restore-123"]
    assert (kept / "table.parquet").exists() and not (root / ".restore-123").exists()


@pytest.mark.parametrize("relative", ["../x/table.parquet", "/etc/passwd", "sources/../../x", "sources/a/b/table.parquet",
                                      "sources/a b/table.parquet", "sources/a/evil.sh", "sources\\a\\table.parquet"])
def test_stored_paths_that_are_not_the_codes_own_are_refused(tmp_path, relative):
    with pytest.raises(data_folder.UnsafePathError):
        data_folder.source_file(tmp_path, "a" * 32, relative)


@pytest.mark.parametrize("workspace_id", ["../../somewhere", "/tmp/x", "", ".", "a/b", "a" * 65])
def test_workspace_ids_that_are_not_plain_names_never_become_paths(tmp_path, workspace_id):
    with pytest.raises(data_folder.UnsafePathError):
        data_folder.workspace_dir(tmp_path, workspace_id)


def test_removing_refuses_anything_outside_the_workspaces_folder(tmp_path):
    outside = tmp_path / "precious"
    outside.mkdir()
    for target in (outside, tmp_path / "workspaces", tmp_path / "workspaces" / ".." / "precious"):
        with pytest.raises(data_folder.UnsafePathError):
            data_folder.remove_tree(tmp_path, target)
    assert outside.exists()


@pytest.mark.parametrize("table_path", ["../../../precious/table.parquet", "/tmp/precious/table.parquet"])
def test_deleting_an_import_with_a_forged_path_forgets_it_and_touches_no_file(engine, tmp_path, table_path):
    from crm_core import importing, workspaces
    from crm_core.models import DataSource, WorkspaceCreate

    data_dir = tmp_path / "data"
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "table.parquet").write_bytes(b"keep me")
    space = workspaces.create_workspace(engine=engine, data=WorkspaceCreate(name="Acme"))
    with store.session_scope(engine) as session:
        session.add(DataSource(workspace_id=space.id, entity="contacts", file_name="c.csv", original_path=table_path,
                               table_path=table_path, content_sha256="0" * 64))
    importing.delete_source(engine=engine, data_dir=data_dir, workspace_id=space.id, entity="contacts")
    with store.session_scope(engine) as session:
        assert store.list_data_sources(session=session, workspace_id=space.id) == []
    assert (precious / "table.parquet").read_bytes() == b"keep me"
