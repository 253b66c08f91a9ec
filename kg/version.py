"""kg's version: the ground floor every module may read it from."""
__version__ = "0.2.0.dev0"
