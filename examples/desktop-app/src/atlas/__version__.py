"""Version of the atlas package (written by release.ts)."""

__version__ = "0.4.2"
