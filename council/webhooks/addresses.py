"""Refusing webhook URLs that lead into the city's own network (SSRF).

A URL is checked when it is registered and again before every delivery, because what a name
resolves to may change. Delivery then connects to the very address that was checked, so a
second DNS answer cannot slip in between. The operator may allow hosts by name in
WEBHOOK_ALLOWED_HOSTS (tests do so for their loopback receiver); only those may use http://.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _

from council.webhooks.models import URL_MAX


class UnsafeUrl(ValueError):
    """The URL may not receive webhooks; the message is translated."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    address: str  # the checked IP address to connect to
    path: str  # path and query, as sent in the request line


def allowed_hosts() -> set[str]:
    configured = current_app.config.get("WEBHOOK_ALLOWED_HOSTS") or ()
    if isinstance(configured, str):
        configured = configured.split(",")
    return {host.strip().lower().strip("[]") for host in configured if host.strip()}


# IPv6 prefixes whose last 32 bits are an IPv4 address a gateway will connect to: NAT64
# (well-known and local-use), IPv4-translated (SIIT), IPv4-compatible (deprecated).
_LAST_32_BITS_IS_IPV4 = [
    ipaddress.ip_network(prefix)
    for prefix in ("64:ff9b::/96", "64:ff9b:1::/48", "::ffff:0:0:0/96", "::/96")
]
_ISATAP_IDENTIFIERS = (0x0000_5EFE, 0x0200_5EFE)


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address leads to through a transition mechanism: a private
    IPv4 address hidden in 6to4, Teredo, NAT64, ISATAP or a mapped address is still private."""
    found = [a for a in (ip.ipv4_mapped, ip.sixtofour) if a is not None]
    found.extend(ip.teredo or ())
    last_32 = ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    identifier_high = (int(ip) >> 32) & 0xFFFF_FFFF
    if any(ip in network for network in _LAST_32_BITS_IS_IPV4) or (
        identifier_high in _ISATAP_IDENTIFIERS
    ):
        found.append(last_32)
    return found


def _is_public_ip(ip) -> bool:
    return ip.is_global and not (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (ip.version == 6 and ip.is_site_local)
    )


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        if ip.teredo:  # a tunnel through a relay to a client behind NAT: never a web server
            return False
        inner = embedded_ipv4(ip)
        if inner:  # judged by where it really leads: every embedded address must be public
            return all(_is_public_ip(v4) for v4 in inner) and not (
                ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_site_local
            )
    return _is_public_ip(ip)


def resolve(host: str, port: int) -> list[str]:
    """Every address the name resolves to (one bad answer is enough to refuse)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({info[4][0] for info in infos})


def _parse(url: str):
    if len(url) > URL_MAX:
        raise UnsafeUrl(_("Use at most %(max)d characters.", max=URL_MAX))
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise UnsafeUrl(_("Enter a full web address, like https://example.org/hook.")) from error
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise UnsafeUrl(_("Enter a full web address, like https://example.org/hook."))
    if parts.username or parts.password:
        raise UnsafeUrl(_("The address cannot contain a user name or password."))
    if any(ch.isspace() or ord(ch) < 32 for ch in url.strip()):
        raise UnsafeUrl(_("Enter a full web address, like https://example.org/hook."))
    return parts, port or (443 if parts.scheme == "https" else 80)


def check_url(url: str) -> Target:
    """Return where to connect for this URL, or raise UnsafeUrl."""
    parts, port = _parse(url)
    host = parts.hostname.lower()
    allowed = host in allowed_hosts()
    if parts.scheme != "https" and not allowed:
        raise UnsafeUrl(_("Only https:// addresses can receive webhooks."))
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError) as error:
        raise UnsafeUrl(_("The host %(host)s could not be found.", host=host)) from error
    if not addresses:
        raise UnsafeUrl(_("The host %(host)s could not be found.", host=host))
    if not allowed and not all(is_public(address) for address in addresses):
        raise UnsafeUrl(
            _(
                "The host %(host)s is in a private, local or reserved network: "
                "webhooks can only go to public addresses.",
                host=host,
            )
        )
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(parts.scheme, host, port, addresses[0], path)
