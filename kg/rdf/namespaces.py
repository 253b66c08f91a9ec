"""kg's own ontology terms. GENERATED from ontology/kg.ttl by
tools/gen_namespaces.py: do not edit; a test fails when this file drifts."""
from rdflib import URIRef
from rdflib.namespace import DefinedNamespace, Namespace


class KGO(DefinedNamespace):
    _NS = Namespace("https://w3id.org/aseankg/ontology#")
    _fail = True

    IngestActivity: URIRef  # ingest activity
    Release: URIRef  # release
    SetAsideStatement: URIRef  # set-aside statement
    SoftwareVersion: URIRef  # software version
    Statement: URIRef  # extracted statement
    evidence: URIRef  # evidence
    setAsideBecause: URIRef  # set aside because
    speaker: URIRef  # speaker
