"""The address phones use to reach this machine in room mode.

Read from the machine's own network interfaces (no traffic is sent), or given by
``CRM_WORKBENCH_PUBLIC_URL`` when a tunnel or a reverse proxy stands in front of it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class JoinAddress:
    base_url: str  # the app's address as a phone opens it, without a trailing slash
    reachable: bool  # False when only this machine can open base_url
    note: str = ""  # one sentence for the facilitator when phones will not reach it


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses on interfaces that are up, private ranges first,
    loopback and link-local left out."""
    import psutil

    stats = psutil.net_if_stats()
    found = []
    for name, addresses in psutil.net_if_addrs().items():
        if name in stats and not stats[name].isup:
            continue
        for address in addresses:
            try:
                ip = ipaddress.ip_address(address.address)
            except ValueError:
                continue
            if ip.version == 4 and not (ip.is_loopback or ip.is_link_local or ip.is_unspecified):
                found.append(ip)
    return [str(ip) for ip in sorted(set(found), key=lambda ip: (not ip.is_private, ip))]


def join_address(*, public_url: str, addresses: list[str], port: int, base_path: str = "") -> JoinAddress:
    """Where participants join: the configured public URL, else the first LAN address."""
    path = "/" + base_path.strip("/") if base_path.strip("/") else ""
    if public_url:
        return JoinAddress(public_url.rstrip("/"), True)
    if addresses:
        return JoinAddress(f"http://{addresses[0]}:{port}{path}", True)
    return JoinAddress(
        f"http://localhost:{port}{path}", False,
        "This machine has no network address other than itself, so phones cannot reach this link: "
        "join the room's Wi-Fi (or set CRM_WORKBENCH_PUBLIC_URL to a tunnel's address) and restart.")


def is_loopback(address: str | None) -> bool:
    """Whether a visitor's address is this machine (None: Streamlit's word for localhost)."""
    if address is None:
        return True
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback
