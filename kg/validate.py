"""Validate stage: SHACL (shapes/*.ttl) on each article graph before it is published.

Shapes are loaded (and compiled) once; each article graph is validated alone, which keeps the cost
linear in the number of articles and lets a bad article be refused without touching the others.

Two engines give the same reports (the tests run every corruption through both): pyshacl-turbo,
a Rust engine with pySHACL's API and report vocabulary, is the default because it is 8-9x faster
on kg's article graphs; pyshacl, the reference implementation, stays one option away.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pyshacl_turbo
import pyshacl_turbo.rdf
from rdflib import RDF, XSD, Graph, Literal, Node, URIRef

from kg.rdf.vocab import PREFIXES, SH
from kg.resources import SHAPES_DIR, require_dir


@dataclass(frozen=True)
class Violation:
    focus: str
    shape: str
    path: str | None
    message: str
    value: str | None
    severity: str

    def __str__(self) -> str:
        where = f" (path {self.path})" if self.path else ""
        value = f" value {self.value}" if self.value else ""
        return f"{self.severity}: {self.focus} fails shape {self.shape}{where}:{value} {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    graph_name: str
    conforms: bool
    violations: tuple[Violation, ...]

    def text(self) -> str:
        if self.conforms:
            return f"{self.graph_name}: conforms"
        lines = [f"{self.graph_name}: {len(self.violations)} violation(s)"]
        lines += [f"  - {violation}" for violation in self.violations]
        return "\n".join(lines)


@cache
def load_shapes(shapes_dir: Path = SHAPES_DIR) -> Graph:
    shapes = Graph()
    for path in sorted(require_dir(shapes_dir).glob("*.ttl")):
        shapes.parse(path, format="turtle")
    return shapes


ENGINES = ("turbo", "pyshacl")
DEFAULT_ENGINE = "turbo"


@cache
def _compiled_shapes(shapes_dir: Path = SHAPES_DIR) -> pyshacl_turbo.CompiledShapes:
    return pyshacl_turbo.compile_shapes(load_shapes(shapes_dir))


def validate_graph(graph: Graph, graph_name: str = "graph", engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """SHACL-validate one graph; the report names each failing node and the shape it fails."""
    if engine == "turbo":
        conforms, report_graph, _ = _compiled_shapes().validate(graph, allow_warnings=True)
    elif engine == "pyshacl":
        conforms, report_graph, _ = pyshacl.validate(
            graph,
            shacl_graph=load_shapes(),
            advanced=False,  # SHACL-SPARQL is core SHACL; the Advanced Features (rules) are not used
            allow_warnings=True,
        )
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}; choose one of {', '.join(ENGINES)}")
    return _report(graph_name, conforms, report_graph)


def validate_ntriples(
    ntriples: str, graph_name: str = "graph", engine: str = DEFAULT_ENGINE
) -> ValidationReport:
    """SHACL-validate a graph given as N-Triples (an article graph about to be stored, or one read
    back from a store).

    The turbo engine first screens the text as it is: its own parser reads N-Triples, with no
    store and no rdflib graph, a third of the validation's cost. Only a graph that does not
    conform cleanly is validated again through an in-memory Oxigraph store, so its report spells
    literals as the store publishes them ("0.7", not "0.70") and stays what it always was.
    """
    if engine != "turbo":
        return validate_graph(Graph().parse(data=ntriples, format="nt"), graph_name, engine)
    if _conforms_cleanly(ntriples):
        return ValidationReport(graph_name, True, ())
    data = ox.Store()
    data.load(ntriples, format=ox.RdfFormat.N_TRIPLES)
    conforms, report_graph, _ = _compiled_shapes().validate(data, allow_warnings=True)
    return _report(graph_name, conforms, report_graph)


def _conforms_cleanly(ntriples: str) -> bool:
    """Whether the graph conforms with no result at all (not even a warning).

    Constraints compare values, not spellings, so the canonical spellings of the store cannot
    turn a clean graph into a failing one; text the parser refuses is left to the store, whose
    error (SyntaxError) callers know.
    """
    try:
        conforms, report_graph, _ = _screening_shapes().validate(
            pyshacl_turbo.rdf.Input(ntriples, "nt", None, {}), allow_warnings=True
        )
    except ValueError:
        return False
    return bool(conforms) and (None, RDF.type, SH.ValidationResult) not in report_graph


@cache
def _screening_shapes(shapes_dir: Path = SHAPES_DIR) -> pyshacl_turbo.CompiledShapes:
    """The shapes compiled from a copy of their graph without prefix bindings: the engine binds
    every prefix of the shapes graph into each report graph it returns (rdflib binds 30 by
    default), which cost more than decoding the report; the screening only reads `conforms`
    and the results' presence. SPARQL constraints declare their prefixes (`sh:prefixes`)."""
    bare = Graph(bind_namespaces="none")
    for triple in load_shapes(shapes_dir):
        bare.add(triple)
    return pyshacl_turbo.compile_shapes(bare)


def _report(graph_name: str, conforms: bool, report_graph: Graph) -> ValidationReport:
    violations = tuple(sorted(_violations(report_graph), key=str))
    return ValidationReport(graph_name, bool(conforms), violations)


def _violations(report: Graph) -> list[Violation]:
    namespace_manager = report.namespace_manager
    for prefix, namespace in PREFIXES.items():
        namespace_manager.bind(prefix, namespace, override=True, replace=True)
    namespace_manager.bind("kgsh", "https://kg.example.org/shapes#", override=False)

    def name(node: Node | None) -> str | None:
        if node is None:
            return None
        if isinstance(node, URIRef):
            return node.n3(namespace_manager)
        if isinstance(node, Literal):
            if node.datatype == XSD.string:  # RDF 1.1: "x" and "x"^^xsd:string are one literal
                node = Literal(str(node))
            return node.n3(namespace_manager)
        return "[blank node]"

    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        # a SPARQL constraint is named by sh:sourceConstraint; its node shape is less precise
        constraint = report.value(result, SH.sourceConstraint)
        source_shape = constraint if isinstance(constraint, URIRef) else report.value(result, SH.sourceShape)
        found.append(
            Violation(
                focus=name(report.value(result, SH.focusNode)) or "?",
                shape=name(source_shape) or "?",
                path=name(report.value(result, SH.resultPath)),
                message=str(report.value(result, SH.resultMessage) or ""),
                value=name(report.value(result, SH.value)),
                severity=name(report.value(result, SH.resultSeverity)) or "sh:Violation",
            )
        )
    return found
