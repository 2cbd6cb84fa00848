"""The facilitator's sign-in for room mode.

The passphrase is chosen on the first room-mode start (from the machine itself) or given by
``CRM_WORKBENCH_FACILITATOR_PASSPHRASE`` for unattended use. A chosen passphrase is kept only
as a salted scrypt hash in the workbench-wide settings (never in a workspace, so never in a
backup); one given by the environment is compared in memory and never stored. Wrong attempts
are slowed down per address by a :class:`~crm_core.throttle.Throttle`.
"""

from __future__ import annotations

import hmac
import json
import os

from sqlmodel import Session

from crm_core.errors import CrmCoreError
from crm_core.models import AppSetting, utc_now
from crm_core.passphrases import hash_secret, secret_matches
from crm_core.throttle import Throttle

PASSPHRASE_ENV = "CRM_WORKBENCH_FACILITATOR_PASSPHRASE"
PASSPHRASE_KEY = "facilitator.passphrase"
MIN_LENGTH = 8


class WrongPassphraseError(CrmCoreError):
    """A sign-in with a passphrase that does not match."""


def _from_environment() -> str:
    return os.environ.get(PASSPHRASE_ENV, "")


def passphrase_is_set(*, session: Session) -> bool:
    return bool(_from_environment()) or session.get(AppSetting, PASSPHRASE_KEY) is not None


def choose_passphrase(*, session: Session, passphrase: str, repeated: str) -> None:
    """Keep the first passphrase's hash; refuse to replace one already chosen."""
    if passphrase_is_set(session=session):
        raise CrmCoreError("A facilitator passphrase is already set: sign in with it.")
    if len(passphrase) < MIN_LENGTH:
        raise CrmCoreError(f"Make the passphrase at least {MIN_LENGTH} characters long.")
    if passphrase != repeated:
        raise CrmCoreError("The two passphrases differ: type the same one twice.")
    session.add(AppSetting(key=PASSPHRASE_KEY, value_json=json.dumps(hash_secret(passphrase)), updated_at=utc_now()))
    session.flush()


def forget_passphrase(*, session: Session) -> bool:
    """Remove the chosen passphrase (from the command line, on the machine itself)."""
    row = session.get(AppSetting, PASSPHRASE_KEY)
    if row is not None:
        session.delete(row)
        session.flush()
    return row is not None


def sign_in(*, session: Session, passphrase: str, address: str, throttle: Throttle) -> None:
    """Return when ``passphrase`` is the facilitator's; otherwise raise one sentence."""
    key = f"sign-in:{address}"
    throttle.check(key)
    expected = _from_environment()
    if expected:
        right = hmac.compare_digest(passphrase.encode(), expected.encode())
    else:
        row = session.get(AppSetting, PASSPHRASE_KEY)
        right = row is not None and secret_matches(passphrase, json.loads(row.value_json))
    if not right:
        throttle.failed(key)
        raise WrongPassphraseError("That passphrase is not right.")
    throttle.succeeded(key)
