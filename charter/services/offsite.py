"""The off-site copy of a backup: encrypted on this host, then sent to another site.

Encryption uses ``age`` (Debian package ``age``) to public keys only: the host that makes the
copies cannot read them back, and a copy intercepted or left on the other site gives nothing
without the private key kept in the operations' vault. The transfer uses ``rsync``, to a local
folder (a mounted share) or to ``account@host:folder`` over SSH; rsync writes under a temporary
name and renames at the end, so the other site never holds half a copy under the final name.

Who calls this: the ``offsite-copy`` command (docs/deploy.md, section 13), run by cron after
the nightly backup.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from charter.services.backup import BackupError

AGE_SUFFIX = ".age"


@dataclass(frozen=True)
class OffsiteReport:
    source: Path
    destination: str
    name: str
    size: int


def offsite_copy(source: Path, destination: str, recipients: Sequence[str]) -> OffsiteReport:
    """Encrypt ``source`` to every key of ``recipients`` and copy it into ``destination``."""
    keys = [key.strip() for key in recipients if key and key.strip()]
    if not keys:
        raise BackupError(
            "Aucune clé publique de chiffrement : renseignez CHARTER_BACKUP_RECIPIENTS "
            '(liste JSON de clés age, ["age1..."]) ; la copie ne part jamais en clair.'
        )
    if not destination:
        raise BackupError(
            "Aucune destination : renseignez CHARTER_OFFSITE_DESTINATION "
            "(compte@hote:/dossier/ ou un dossier monté) ou donnez --to."
        )
    for tool, package in (("age", "age"), ("rsync", "rsync")):
        if shutil.which(tool) is None:
            raise BackupError(f"{tool} est introuvable : installez le paquet Debian {package}.")
    name = source.name + AGE_SUFFIX
    with tempfile.TemporaryDirectory(prefix="charte-copie-") as folder:
        encrypted = Path(folder) / name
        command = ["age", "--encrypt"]
        for key in keys:
            command += ["--recipient", key]
        _run([*command, "--output", str(encrypted), str(source)])
        size = encrypted.stat().st_size
        _run(["rsync", "--times", "--chmod=F0600", str(encrypted), _as_folder(destination)])
    return OffsiteReport(source, destination, name, size)


def _as_folder(destination: str) -> str:
    # A trailing slash makes rsync put the file inside the folder, never rename it to it.
    return destination if destination.endswith("/") else destination + "/"


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} a échoué : {result.stderr.strip()[:500]}")
