"""Errors a user can act on.

Every message is one plain sentence that says what is wrong and what to do about it, because
pages show it with ``st.error`` and the CLI prints it to stderr as is. Data problems found by
an audit are never raised: they are collected as findings.
"""


class CrmCoreError(Exception):
    """Base of every error the workbench expects and can explain to a user."""


class InputFileError(CrmCoreError):
    """An uploaded or named file cannot be read as a CRM export (empty, binary, corrupt...)."""


class MappingError(CrmCoreError):
    """The columns of a file cannot be matched to what the workbench needs."""


class NotFoundError(CrmCoreError):
    """A workspace or other stored object that was asked for does not exist."""


class ConflictError(CrmCoreError):
    """The request would clash with what is stored (a duplicate name, a stale edit...)."""


class BackupError(CrmCoreError):
    """A workspace backup file is not one this workbench wrote, or is damaged."""
