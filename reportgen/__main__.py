"""The command (`reportgen`, `python -m reportgen`): `reportgen.cli.run`, loaded where Ctrl-C can be answered.

Loading the command's modules takes a few tenths of a second; Ctrl-C then ends it as it ends a build later,
with exit status 130 and no Python traceback. `reportgen.cli.run` takes over the handling once it runs.
"""

from __future__ import annotations


def main() -> None:
    try:
        from .cli import run
    except KeyboardInterrupt:
        raise SystemExit(130) from None
    run()


if __name__ == "__main__":
    main()
