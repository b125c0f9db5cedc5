"""kg — a knowledge-graph and RDF publisher for German news.

Stages, each a module, data flowing one way:
ingest → nlp → extract → rdf → validate → store → serve.
"""

__version__ = "0.1.0"
