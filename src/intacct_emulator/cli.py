"""``intacct-emulator`` command line: serve, reset and seed.

``reset``/``seed`` work on the data file directly so a demo can be prepared before serving.
"""

from __future__ import annotations

import argparse
import sys

from waitress import serve

from .app import EmulatorApp
from .seed import SEEDS, apply_seed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="intacct-emulator", description="Local Sage Intacct XML gateway")
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help="run the gateway, control plane and console")
    p_serve.add_argument("--host", default="127.0.0.1")
    p_serve.add_argument("--port", type=int, default=8300)
    p_serve.add_argument("--data", default=":memory:", help="SQLite file or :memory:")
    p_serve.add_argument(
        "--seed", default="demo", choices=sorted(SEEDS), help="seed applied when the store is empty"
    )
    p_serve.add_argument("--threads", type=int, default=16)
    for name in ("reset", "seed"):
        p = sub.add_parser(name, help=f"{name} the data file")
        p.add_argument("--data", required=True)
        p.add_argument("--seed", default="demo", choices=sorted(SEEDS))
    args = parser.parse_args(argv)
    if args.command == "serve":
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            print("warning: the control plane is unauthenticated; bind to loopback only", file=sys.stderr)
        app = EmulatorApp(data=args.data, seed=args.seed)
        print(
            f"intacct-emulator on http://{args.host}:{args.port}/ia/xml/xmlgw.phtml (console /__emulator__/)"
        )
        serve(app, host=args.host, port=args.port, threads=args.threads, ident="intacct-emulator")
        return 0
    app = EmulatorApp(data=args.data, seed=None)
    if args.command == "reset":
        app.emu.store.wipe()
    try:
        apply_seed(app.emu, args.seed)
    except ValueError as exc:
        print(f"intacct-emulator {args.command}: {exc}", file=sys.stderr)
        return 1
    print(f"{args.command}: {args.data} seeded with {args.seed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
