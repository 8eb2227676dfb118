"""The repository stands alone: no committed file points at a place only its authors' machines
have (a sibling folder, a home directory), and every relative link of the documentation
resolves inside the repository."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Paths that exist on a development machine and nowhere else. Written in pieces so that this
#: file does not hold them either.
MACHINE_PATHS = re.compile(
    "|".join(
        re.escape(p)
        for p in ("../" + "shared", "/" + "work/", "/" + "home/", "/" + "root/", "/" + "Users/")
    )
)
#: Markdown links and images: [text](target) ; the target without its #fragment.
MARKDOWN_LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)]*)?\)")


def committed_files() -> list[Path]:
    """The files git tracks (the repository as a clone receives it), text files only."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=False)
    if listing.returncode != 0:
        pytest.skip("not a git checkout")
    files = []
    for name in listing.stdout.decode().split("\0"):
        path = ROOT / name
        if name and path.is_file() and b"\0" not in path.read_bytes()[:8000]:
            files.append(path)
    return files


def test_no_committed_file_names_a_path_outside_the_repository():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in committed_files()
        for number, line in enumerate(
            path.read_text(encoding="utf-8", errors="replace").splitlines(), 1
        )
        if MACHINE_PATHS.search(line)
    ]
    assert found == [], "paths of a development machine:\n" + "\n".join(found)


def test_the_guard_sees_such_a_path():
    assert MACHINE_PATHS.search("Le détail est dans `../" + "shared/DESIGN.md`.")
    assert MACHINE_PATHS.search("# listed in /" + "work/shared/reference/anssi.md")
    assert not MACHINE_PATHS.search("voir docs/design.md et ../README.md")


def test_every_relative_link_of_the_documentation_stays_in_the_repository():
    broken = []
    for path in committed_files():
        if path.suffix != ".md":
            continue
        for target in MARKDOWN_LINK.findall(path.read_text(encoding="utf-8")):
            if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("/"):
                continue  # an address (https:, mailto:) or a path of the site
            resolved = (path.parent / target).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert broken == [], "links that lead outside the repository or nowhere:\n" + "\n".join(broken)


def test_the_readme_sends_readers_to_the_design_in_the_repository():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/design.md" in readme
    design = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    assert design.startswith("# Product design")
    assert "/healthz/ready" in design
