#!/usr/bin/env python3
"""Bootstrap and cross-check lexicons/en/states.toml against `countryinfo`.

Source: the PyPI package `countryinfo` (https://pypi.org/project/countryinfo/),
MIT License, Copyright (c) 2018 Porimol Chandro. Only ISO codes, English
names, capitals and demonyms are read from it; nothing of it is copied into
the repository except through the curated TOML, which is our own.

states.toml is curated by hand: ambiguous names, seats of power, metonym
capitals and examples are not in any country package. This script only
1. prints a skeleton [[state]] table for every country that has an ISO
   alpha-3 code (`skeleton`), as a starting point for new entries, and
2. compares the curated file with the package (`check`): codes unknown to
   ISO, countries with no entry, and capitals that differ, so that a human
   can look at each difference (many are deliberate, see the file's header).

Usage (in a throwaway venv, nothing is installed into the project):

    python3 -m venv /tmp/venv-states
    /tmp/venv-states/bin/pip install countryinfo
    /tmp/venv-states/bin/python scripts/states_from_countryinfo.py check
    /tmp/venv-states/bin/python scripts/states_from_countryinfo.py skeleton > /tmp/skeleton.toml
"""

from __future__ import annotations

import argparse
import sys
import tomllib
import unicodedata
from pathlib import Path

STATES = Path(__file__).resolve().parent.parent / "lexicons" / "en" / "states.toml"

# Codes our file uses that are not ISO 3166-1 assignments (user-assigned).
USER_ASSIGNED = {"XKX": "Kosovo"}


def load_package() -> dict[str, dict]:
    """Countries of the package keyed by ISO alpha-3."""
    try:
        from countryinfo import CountryInfo
    except ImportError:
        sys.exit("countryinfo is not installed; see the usage at the top of this script")
    out: dict[str, dict] = {}
    for info in CountryInfo.all().values():
        code = ((info.get("ISO") or {}).get("alpha3") or "").upper()
        if len(code) == 3 and code.isalpha():
            out.setdefault(code, info)
    return out


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s or "")
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def as_list(v) -> list[str]:
    return [x for x in (v if isinstance(v, list) else [v]) if isinstance(x, str) and x]


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(pkg: dict[str, dict]) -> None:
    print("# Skeleton generated from countryinfo (MIT); curate before use.")
    for code in sorted(pkg, key=lambda c: pkg[c].get("name", c)):
        info = pkg[code]
        name = info.get("name", code)
        print("\n[[state]]")
        print(f'id = "state/{code.lower()}"')
        print(f'code = "{code}"')
        print(f"name = {toml_str(name)}")
        print('status = "member"  # CHECK: member | observer | partial | territory')
        print(f"names = [{toml_str(name)}]")
        if info.get("demonym"):
            print(f"adjectives = [{', '.join(map(toml_str, as_list(info['demonym'])))}]  # CHECK: often the adjective")
        if info.get("capital"):
            caps = ", ".join(map(toml_str, as_list(info["capital"])))
            print(f"capitals = [{caps}]  # CHECK: ambiguous capitals go in `ambiguous`")


def check(pkg: dict[str, dict], path: Path) -> int:
    with open(path, "rb") as f:
        states = tomllib.load(f)["state"]
    ours = {s["code"]: s for s in states}
    problems = 0
    for code, s in sorted(ours.items()):
        if code not in pkg and code not in USER_ASSIGNED:
            print(f"{code} ({s['name']}): not an ISO alpha-3 code in countryinfo")
            problems += 1
    for code, info in sorted(pkg.items()):
        if code not in ours:
            print(f"{code} ({info.get('name')}): in countryinfo, no entry (uninhabited areas and withdrawn codes are left out)")
    for code, s in sorted(ours.items()):
        info = pkg.get(code)
        caps = as_list((info or {}).get("capital"))
        if not caps:
            continue
        listed = {fold(c) for c in s.get("capitals", [])}
        listed |= {fold(a["name"]) for a in s.get("ambiguous", [])}
        listed |= {fold(n) for n in s.get("names", [])}
        if not any(fold(c) in listed for c in caps):
            print(f"{code} ({s['name']}): countryinfo capital {caps} not listed; ours: {s.get('capitals', [])}")
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["check", "skeleton"])
    ap.add_argument("--states", type=Path, default=STATES)
    args = ap.parse_args()
    pkg = load_package()
    if args.action == "skeleton":
        skeleton(pkg)
        return 0
    return 1 if check(pkg, args.states) else 0


if __name__ == "__main__":
    sys.exit(main())
