"""Standard vocabularies kg writes. schema.org is used with its http:// IRIs,
as the evaluation and most SPARQL endpoints expect. kg's own terms are in
kg.rdf.namespaces, generated from ontology/kg.ttl."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

SCHEMA = Namespace("http://schema.org/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")

SH_RESULT = SH.result

PREFIXES = {
    "schema": SCHEMA, "skos": SKOS, "nif": NIF, "itsrdf": ITSRDF, "prov": PROV, "dcterms": DCTERMS,
    "rdfs": RDFS, "rdf": RDF, "owl": OWL, "xsd": XSD, "org": ORG, "time": TIME,
}

__all__ = ["SCHEMA", "NIF", "ITSRDF", "ORG", "TIME", "DCTERMS", "OWL", "PROV", "RDF", "RDFS", "SH", "SH_RESULT", "SKOS", "XSD",
           "PREFIXES"]
