"""The fact archive: Arabic news articles → facts → pages of a static site."""

__version__ = "0.1.0"
