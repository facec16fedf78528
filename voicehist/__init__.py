"""voicehist: audit what your smart speaker recorded, offline."""

__version__ = "0.1.0"
