"""The council's network: a real TLS server on loopback whose certificate a self-made
certificate authority signed. Untrusted, Hearth refuses with a message naming the
certificate and what to do; once the authority is in the system's store (here
SSL_CERT_FILE, which the system store honours on Linux), it connects. The system's
proxy settings are honoured."""

from __future__ import annotations

import datetime as dt
import http.server
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.sync.http_client import HttpTransport
from app.sync.transport import ServerUnreachable, SyncError

CA_NAME = "Northshire Council Issuing CA"
HEALTH = b'{"status": "ok", "version": "test"}'


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def make_council_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A certificate authority and a server certificate for localhost it signed."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder().subject_name(_name(CA_NAME)).issuer_name(_name(CA_NAME))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    server = (
        x509.CertificateBuilder().subject_name(_name("localhost")).issuer_name(ca.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.pem", folder / "server.pem", folder / "key.pem"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(server.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(_pem(key))
    return ca_file, cert_file, key_file


class Health(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        type(self).seen.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(HEALTH)))
        self.end_headers()
        self.wfile.write(HEALTH)

    def log_message(self, *args: Any) -> None:
        pass


def serve(httpd: http.server.HTTPServer) -> Iterator[int]:
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def council_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """https://localhost:PORT behind the council's own CA; and the CA's file."""
    ca_file, cert_file, key_file = make_council_ca(tmp_path_factory.mktemp("ca"))
    httpd = http.server.HTTPServer(("127.0.0.1", 0), Health)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    for port in serve(httpd):
        yield f"https://localhost:{port}", ca_file


def test_a_certificate_from_an_authority_not_in_the_system_store_is_named(
    council_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url, _ca = council_server
    empty = tmp_path / "empty.pem"  # a system store without the council's authority
    empty.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    with pytest.raises(SyncError) as refused:
        HttpTransport(url, timeout=5).health()
    message = refused.value.message
    assert not isinstance(refused.value, ServerUnreachable)
    assert "did not connect to localhost" in message
    assert 'issued to "localhost" by "Northshire Council Issuing CA"' in message
    assert "Tell your IT team" in message and "certificate store" in message
    assert "Nothing was sent" in message


def test_the_authority_in_the_system_store_is_trusted(
    council_server: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, ca = council_server
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    assert HttpTransport(url, timeout=5).health()["status"] == "ok"


def test_an_injected_trust_is_used(council_server: tuple[str, Path]) -> None:
    url, ca = council_server
    context = ssl.create_default_context(cafile=str(ca))
    assert HttpTransport(url, verify=context, timeout=5).health()["status"] == "ok"


def test_the_system_proxy_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    """HTTP_PROXY names a proxy on loopback: the request reaches the proxy, addressed to
    the server (a host that does not exist, so only the proxy can answer it)."""
    Health.seen = []
    proxy = http.server.HTTPServer(("127.0.0.1", 0), Health)
    for port in serve(proxy):
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        assert HttpTransport("http://localhost:9", timeout=5).health()["status"] == "ok"
    assert Health.seen == ["http://localhost:9/api/v1/health"]


def test_trust_comes_from_the_operating_systems_store() -> None:
    import truststore

    from app.sync.certificates import system_trust

    assert isinstance(system_trust(), truststore.SSLContext)
