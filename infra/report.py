"""Builds, signs and verifies the evaluation report at an exact log position (ADR 0017).

The figures come from the as-of snapshot at exactly that position (ADR 0010), so the same
position gives the same content, whenever and wherever it is built. A manifest names the
position, the code version, the content hash and each file's SHA-256; the audit signing key
signs the manifest, and the signature is a detached file beside it.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from projections.report import Report, sections, to_html, to_pdf

from .audit.signing import public_key_hex, signing_key
from .catalogue import read_catalogue
from .dashboard_asof import AsOfSnapshots
from .settings import Settings

LANGS = ("it", "en")
DOMAIN = b"percorsi-report-v1|"
"""Prefix of the signed payload, so a report signature can never pass for a checkpoint's."""


class ReportRefused(ValueError):
    """Bad input (unknown programme, position beyond the log, unknown language)."""


@dataclass(frozen=True)
class Written:
    manifest: Path
    signature: Path
    files: list[Path]
    content_hash: str
    position: int


def code_version() -> str:
    """`git describe` of the checkout when there is one, else the installed package version."""
    root = Path(__file__).resolve().parents[1]
    try:
        done = subprocess.run(
            ["git", "-C", str(root), "describe", "--always", "--dirty", "--tags"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
        return f"git {done.stdout.strip()}"
    except (OSError, subprocess.SubprocessError):
        return f"percorsi {metadata.version('percorsi')}"


def _check(settings: Settings, programme: str, lang: str, position: int, head: int) -> None:
    if lang not in LANGS:
        raise ReportRefused(f"unknown language {lang!r}; allowed: it, en")
    codes = [entry.code for entry in read_catalogue(settings.catalogue_file)]
    if programme not in codes:
        raise ReportRefused(f"unknown programme {programme!r}; known: {', '.join(codes)}")
    if not 1 <= position <= head:
        raise ReportRefused(f"position {position} is outside the event log (1 to {head})")


def compose(settings: Settings, programme: str, position: int | None, lang: str) -> Report:
    """The report's content at exactly `position` (the log's head when None)."""
    history = AsOfSnapshots(settings)
    try:
        head = history.head()
        at = head if position is None else position
        _check(settings, programme, lang, at, head)
        reader = history.reader(at)
        k = settings.suppression_k
        return Report(programme, at, lang, code_version(), k, sections(reader, programme, lang, k))
    finally:
        history.close()


def write(settings: Settings, report: Report, out: Path) -> Written:
    """Render, sign and write the report; nothing is written if rendering fails."""
    stem = f"percorsi-report-{report.programme}-{report.position}-{report.lang}"
    files = {f"{stem}.html": to_html(report), f"{stem}.pdf": to_pdf(report)}
    key = signing_key(settings)
    manifest = {
        "programme": report.programme,
        "position": report.position,
        "lang": report.lang,
        "code_version": report.code_version,
        "content_hash": report.content_hash(),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        "public_key": public_key_hex(key),
    }
    text = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        (out / name).write_bytes(data)
        paths.append(out / name)
    manifest_path = out / f"{stem}.manifest.json"
    manifest_path.write_bytes(text)
    signature = manifest_path.with_name(manifest_path.name + ".sig")
    signature.write_text(key.sign(DOMAIN + text).hex() + "\n")
    return Written(manifest_path, signature, paths, report.content_hash(), report.position)


def verify(manifest_path: Path, public_hex: str) -> list[str]:
    """Problems found (empty when the signature and every file's hash check out)."""
    try:
        text = manifest_path.read_bytes()
        signature = bytes.fromhex(manifest_path.with_name(manifest_path.name + ".sig").read_text())
        manifest = json.loads(text)
    except (OSError, ValueError) as error:
        raise ReportRefused(f"cannot read the report's manifest or signature: {error}") from None
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(
            signature, DOMAIN + text
        )
    except (InvalidSignature, ValueError):
        return [f"{manifest_path.name}: the signature does not match this key and manifest"]
    problems = []
    for name, digest in sorted(manifest["files"].items()):
        path = manifest_path.with_name(name)
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: changed since it was signed")
    return problems


def store_public_key(settings: Settings) -> str:
    return public_key_hex(signing_key(settings))


def bundle(
    settings: Settings, programme: str, lang: str, position: int | None
) -> tuple[str, bytes]:
    """The signed report as one zip (HTML, PDF, manifest, signature), for the dashboard."""
    import io
    import tempfile
    import zipfile

    report = compose(settings, programme, position, lang)
    with tempfile.TemporaryDirectory() as folder:
        written = write(settings, report, Path(folder))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in (*written.files, written.manifest, written.signature):
                entry = zipfile.ZipInfo(path.name, date_time=(1980, 1, 1, 0, 0, 0))
                archive.writestr(entry, path.read_bytes(), zipfile.ZIP_DEFLATED)
        return f"{written.manifest.name.removesuffix('.manifest.json')}.zip", buffer.getvalue()
