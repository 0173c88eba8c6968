"""A throw-away CA and a server certificate for 127.0.0.1/localhost, made with the openssl CLI.

A separate CA (instead of one self-signed leaf) keeps strict verifiers happy, e.g. Python 3.13's
VERIFY_X509_STRICT default.  The files are reused when the state folder already has them.
"""

from __future__ import annotations

import secrets
import subprocess
from dataclasses import dataclass
from pathlib import Path

from devmail.errors import DevmailError

_EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]  # EC: fast to make

_LEAF_EXTENSIONS = """\
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = IP:127.0.0.1, DNS:localhost
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


@dataclass(frozen=True)
class TlsFiles:
    ca_file: Path
    cert_file: Path
    key_file: Path


def _openssl(*args: str) -> None:
    try:
        subprocess.run(["openssl", *args], check=True, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise DevmailError("the openssl command is missing (apt-get install openssl)") from exc
    except subprocess.CalledProcessError as exc:
        raise DevmailError(f"openssl {args[0]} failed: {exc.stderr.strip()}") from exc


def ensure_tls(tls_dir: Path) -> TlsFiles:
    files = TlsFiles(tls_dir / "ca.pem", tls_dir / "cert.pem", tls_dir / "key.pem")
    if all(p.exists() for p in (files.ca_file, files.cert_file, files.key_file)):
        return files
    tls_dir.mkdir(parents=True, exist_ok=True)
    ca_key, csr, ext = tls_dir / "ca.key", tls_dir / "cert.csr", tls_dir / "leaf.ext"
    _openssl(
        "req",
        "-x509",
        *_EC,
        "-keyout",
        str(ca_key),
        "-out",
        str(files.ca_file),
        "-days",
        "3650",
        "-subj",
        "/CN=devmail throw-away CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    )
    _openssl("req", *_EC, "-keyout", str(files.key_file), "-out", str(csr), "-subj", "/CN=localhost")
    ext.write_text(_LEAF_EXTENSIONS)
    _openssl(
        "x509",
        "-req",
        "-in",
        str(csr),
        "-CA",
        str(files.ca_file),
        "-CAkey",
        str(ca_key),
        "-set_serial",
        str(secrets.randbits(63)),
        "-days",
        "3650",
        "-extfile",
        str(ext),
        "-out",
        str(files.cert_file),
    )
    csr.unlink()
    ext.unlink()
    return files
