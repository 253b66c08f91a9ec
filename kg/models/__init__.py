"""Trained artefacts kg ships (package data): the extractor (see kg.extractor)."""
