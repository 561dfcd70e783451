"""How much of the official SDKs' XML the emulator understands (issue 17's measure).

Sends every function shape of the official SDKs (tests/emulator/sdk_shapes: the PHP SDK's 202
function XML shapes and 22 from classes only the .NET/JS SDKs have) to a fresh demo company and
counts the answers that are Intacct's: success or a business error. Not understood: EMU-UNSUPPORTED
(deliberately not modelled), "Object definition … not found", XML parse errors and crashes
(EMU-INTERNAL). Prints one line per SDK module, then one JSON object.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.emulator.sdk_shapes import SHAPES  # noqa: E402
from tests.emulator.sdk_shapes.harness import run  # noqa: E402

from intacct_emulator.testing import run_emulator  # noqa: E402


def main() -> int:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    crashes = 0
    php = [0, 0]
    with run_emulator() as emu:
        for shape in SHAPES:
            emu.reset()
            answer = run(emu.base_url, shape)
            key = f"{shape.sdk.split(':')[0]}:{shape.module}"
            totals[key][1] += 1
            totals[key][0] += answer.understood
            crashes += answer.crashed
            if shape.sdk.startswith("php:"):
                php[1] += 1
                php[0] += answer.understood
    for key, (ok, n) in sorted(totals.items()):
        print(f"{key:32} {ok:3}/{n:<3}")
    understood = sum(ok for ok, _ in totals.values())
    total = sum(n for _, n in totals.values())
    print(
        f"PHP SDK {php[0]}/{php[1]} ({100 * php[0] / php[1]:.1f}%), all {understood}/{total} ({100 * understood / total:.1f}%)"
    )
    print(
        json.dumps(
            {
                "php_shapes": php[1],
                "php_understood": php[0],
                "php_share": round(php[0] / php[1], 3),
                "all_shapes": total,
                "all_understood": understood,
                "all_share": round(understood / total, 3),
                "crashes": crashes,
            }
        )
    )
    return 0 if crashes == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
