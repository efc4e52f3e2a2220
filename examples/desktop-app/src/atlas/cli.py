"""The `atlas` command line."""

import sys

from atlas.__version__ import __version__


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if "--version" in args:
        print(f"atlas {__version__}")
        return 0
    print("usage: atlas [--version] COMMAND")
    return 0


if __name__ == "__main__":  # PyInstaller runs this file as the program
    sys.exit(main())
