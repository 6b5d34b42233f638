"""Which certificates Hearth trusts, and saying which certificate was not trusted.

Hearth trusts what the operating system trusts (``truststore``: the Windows
certificate store, the macOS keychain, the system bundle on Linux, where
``SSL_CERT_FILE`` also counts), so a council's own certificate authority, or the
one its inspecting proxy signs with, works once IT has put it in the system store.
When a server's certificate is not trusted, :func:`untrusted_message` names it
(who it was issued to and by, the host) and says what to do.
"""

from __future__ import annotations

import socket
import ssl
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.x509.oid import NameOID

LOOK_TIMEOUT = 3.0


def system_trust() -> ssl.SSLContext:
    """A client TLS context over the operating system's certificate store."""
    import truststore  # a dependency of Hearth's; imported when a sync first connects

    return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def verify_failure(exc: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate check failure behind ``exc``, if that is what it was."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError):
            return current
        current = current.__cause__ or current.__context__
    return None


def _name(name: x509.Name) -> str:
    """A certificate name as a person reads it: its common name, else its organisation."""
    for oid in (NameOID.COMMON_NAME, NameOID.ORGANIZATION_NAME):
        found = name.get_attributes_for_oid(oid)
        if found:
            return str(found[0].value)
    return name.rfc4514_string() or "no name"


def shown_certificate(server_url: str) -> x509.Certificate | None:
    """The certificate the server shows, fetched without checking it (None if it cannot
    be fetched, for example through a proxy)."""
    parts = urlsplit(server_url)
    host, port = parts.hostname or "", parts.port or 443
    look = ssl.create_default_context()
    look.check_hostname = False
    look.verify_mode = ssl.CERT_NONE
    try:
        with socket.create_connection((host, port), timeout=LOOK_TIMEOUT) as raw, \
                look.wrap_socket(raw, server_hostname=host) as tls:
            der = tls.getpeercert(binary_form=True)
    except (OSError, ValueError):
        return None
    if not der:
        return None
    try:
        return x509.load_der_x509_certificate(der)
    except ValueError:
        return None


def untrusted_message(server_url: str, exc: BaseException) -> str:
    """What went wrong with the server's certificate and what to do, in plain words."""
    host = urlsplit(server_url).hostname or server_url
    failure = verify_failure(exc)
    reason = (failure.verify_message if failure is not None else "") or "not trusted"
    certificate = shown_certificate(server_url)
    if certificate is not None:
        shown = (f"Its certificate, issued to \"{_name(certificate.subject)}\" by "
                 f"\"{_name(certificate.issuer)}\", was refused ({reason}).")
        authority = f"\"{_name(certificate.issuer)}\""
    else:
        shown = f"Its certificate was refused ({reason})."
        authority = "that issued it"
    return (
        f"Hearth did not connect to {host}: this computer does not trust the server's "
        f"certificate, so the connection could be intercepted. {shown} Nothing was sent. "
        f"Tell your IT team: the council's certificate authority {authority} must be in "
        "this computer's certificate store, or the server address may be wrong."
    )
