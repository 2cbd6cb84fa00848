"""Write the sample CRM exports of Brightwave Analytics Ltd, with planted defects and their truth.

    python sample_data/generate.py [--out DIR]

Every run writes byte-identical files (seeded, no dependence on the date, locale or hash seed).
See README.md and DEFECTS.md in this folder.
"""

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from generator import generate  # noqa: E402  (the package lives next to this script)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: this folder)")
    args = parser.parse_args(argv)
    truth = generate(args.out)
    sizes = ", ".join(f"{name} {rows}" for name, rows in truth["sizes"].items())
    print(f"wrote {args.out}: {sizes}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
