"""The extractor artefact: the trained models kg extracts with, in one folder
of JSON files (`kg train` writes it; kg ships one in kg/models/extractor):

- `entities.json`: the span classifier (eight kinds or nothing);
- `titles.json`: the job-title classifier;
- `relations.json`: one classifier per relation, the date and title readers;
- `meta.json`: what it was trained on, when, how, and its cross-validated scores;
- `MODEL_CARD.md`: the same for people.

Its fingerprint (a hash of these files) is part of every release's
revision, so a new model re-extracts an existing store on the next ingest."""
from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ModelNotFound
from kg.linear import LinearModel
from kg.relations.classify import RelationModels

FILES = ("entities.json", "titles.json", "relations.json", "meta.json")


@dataclass
class Extractor:
    entities: LinearModel | None = None
    titles: LinearModel | None = None
    relations: RelationModels = field(default_factory=RelationModels)
    meta: dict = field(default_factory=dict)
    path: Path | None = None

    def save(self, path: Path, card: str | None = None) -> None:
        path.mkdir(parents=True, exist_ok=True)
        for name, model in (("entities", self.entities), ("titles", self.titles)):
            if model is not None:
                (path / f"{name}.json").write_text(json.dumps(model.to_json(), sort_keys=True), encoding="utf-8")
        self.relations.to_disk(path)
        (path / "meta.json").write_text(json.dumps(self.meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        if card is not None:
            (path / "MODEL_CARD.md").write_text(card, encoding="utf-8")
        self.path = path


def default_dir() -> Path:
    from kg.settings import settings

    return settings().extractor_dir


def fingerprint(path: Path | None = None) -> str:
    """A hash of the artefact's model files."""
    path = path or default_dir()
    digest = hashlib.sha256()
    for name in FILES:
        file = path / name
        if file.is_file():
            digest.update(name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=4)
def _load(path: Path) -> Extractor:
    if not (path / "entities.json").is_file():
        raise ModelNotFound(f"no trained extractor in {path} (entities.json is missing); "
                            "train one with `kg train` or set KG_EXTRACTOR")

    def read(name: str):
        file = path / name
        return json.loads(file.read_text(encoding="utf-8")) if file.is_file() else None

    titles = read("titles.json")
    return Extractor(entities=LinearModel.from_json(read("entities.json")),
                     titles=LinearModel.from_json(titles) if titles else None,
                     relations=RelationModels.from_disk(path) if (path / "relations.json").is_file()
                     else RelationModels(), meta=read("meta.json") or {}, path=path)


def load_extractor(path: Path | None = None) -> Extractor:
    return _load((path or default_dir()).resolve())
