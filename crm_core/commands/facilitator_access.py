"""``forget-passphrase``: the way back in when the facilitator forgot the room-mode passphrase.

Only someone at the computer that runs the workbench (with its database) can run it; the next
room-mode start asks for a new passphrase on that computer."""

from __future__ import annotations

import argparse

from crm_core import facilitator, store
from crm_core.settings import load_settings


def forget_passphrase(_args: argparse.Namespace) -> int:
    engine = store.open_store(load_settings().db_url)
    with store.session_scope(engine) as session:
        forgotten = facilitator.forget_passphrase(session=session)
    if forgotten:
        print("Forgot the facilitator's passphrase: open the workbench on this computer to choose a new one.")
    else:
        print("No facilitator passphrase was chosen yet: nothing to forget.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    forgetting = subparsers.add_parser("forget-passphrase",
                                       help="forget the room-mode passphrase, so a new one can be chosen")
    forgetting.set_defaults(handler=forget_passphrase)
