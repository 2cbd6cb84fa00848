"""The SQLModel store: every query of the workbench, one module per concept.

- ``engine``: engine, migrations, short sessions, writes retried when the database is busy;
- ``workspaces``: workspaces themselves; ``rows``: a workspace's rows walked for duplication
  and backup; ``owned``: the one generic list, find, add, update and delete for workspace-owned rows;
- ``settings``: per-workspace settings; ``sources``: imports and saved column mappings;
- ``strategy``, ``checklists``, ``recommendations``, ``audit_runs``, ``duplicate_decisions``,
  ``workshops``: each area's typed, keyword-only queries (import them as modules).

The engine is made once by the caller (the UI caches it) and passed in. Sessions are short and
never kept in UI state. The names below are the store's common ground, used as ``store.name``.
"""

from crm_core.store.engine import (  # noqa: F401
    MIGRATIONS_DIR, make_engine, migrate, current_revision, head_revision, is_known_revision,
    open_store, session_scope, run_write,
)
from crm_core.store.workspaces import (  # noqa: F401
    WORKSPACE_NAME_MAX, list_workspaces, get_workspace, get_workspace_by_name,
    require_workspace, clean_workspace_fields, ensure_name_free, create_workspace,
    update_workspace, unique_workspace_name, delete_workspace_rows, touch_workspace,
)
from crm_core.store.rows import (  # noqa: F401
    RowsByTable, workspace_tables, dump_workspace_rows, load_workspace_rows, with_new_ids,
    insert_rows_or_conflict, check_text_lengths,
)
from crm_core.store.owned import (  # noqa: F401
    Row, add_owned, delete_workspace_row, get_owned, list_owned, require_owned,
    save_workspace_row, update_owned,
)
from crm_core.store.settings import (  # noqa: F401
    get_setting, put_setting,
)
from crm_core.store.sources import (  # noqa: F401
    list_data_sources, get_data_source, count_data_sources, get_saved_mapping, save_mapping,
)
