"""No code branches on a network's name outside networks/, auth/ and the sandbox.

ARCHITECTURE.md: "The UI never branches on 'is this Misskey'; it asks for capabilities."
Adapters (``app/networks/``) and sign-in flows (``app/auth/``) are the rooms that know
which protocol they speak; the sandbox (``app/sandbox/``) implements the servers
themselves. Everywhere else a branch on a name is a capability the adapter protocol is
missing. The checker walks the AST of every module and flags:

* a comparison (``==``, ``!=``, ``in``, ``not in``) where one side is a network name
  literal, or a tuple/list/set/frozenset of literals holding one, or a module-level name
  bound to such a collection (``SERVER_SCHEDULE_NETWORKS = {"mastodon", "misskey"}``);
* a comparison of a ``.network`` attribute with a string literal, and any comparison
  with an enum-like member spelled after a network (``Kind.MASTODON``);
* a ``match`` case on a network name literal.

A dict keyed by network names (say, each network's display name in a data module) is
data, not a branch, and is not flagged; neither is a name merely passed along.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app"
NAMES = frozenset({"mastodon", "misskey", "bluesky", "x", "mixi2"})
ALLOWED = ("networks", "auth", "sandbox")  # folders under app/ that may know protocols
COMPARE_OPS = (ast.Eq, ast.NotEq, ast.In, ast.NotIn)


@dataclass(frozen=True)
class Branch:
    path: str
    line: int
    code: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code}"


def _literal_names(node: ast.expr) -> set[str]:
    """The network names a literal (or a literal collection) spells, else empty."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value} & NAMES
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        found: set[str] = set()
        for element in node.elts:
            found |= _literal_names(element)
        return found
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"frozenset", "set", "tuple"}
        and len(node.args) == 1
    ):
        return _literal_names(node.args[0])
    return set()


def _name_collections(tree: ast.Module) -> set[str]:
    """Module-level names bound to a collection of network-name literals."""
    bound: set[str] = set()
    for statement in tree.body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        if isinstance(value, ast.Dict) or not _literal_names(value):
            continue
        if isinstance(value, ast.Constant):
            continue  # a single name bound to a constant is not a membership set
        bound |= {t.id for t in targets if isinstance(t, ast.Name)}
    return bound


def _names_a_network(node: ast.expr, collections: set[str]) -> bool:
    if _literal_names(node):
        return True
    if isinstance(node, ast.Name) and node.id in collections:
        return True
    # Kind.MASTODON, NetworkName.X: an enum member spelled after a network.
    return isinstance(node, ast.Attribute) and node.attr.lower() in NAMES


def _is_network_attribute(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "network"


def branches_in(source: str, path: str = "<snippet>") -> Iterator[Branch]:
    """Every branch on a network's name in one module's source."""
    tree = ast.parse(source)
    collections = _name_collections(tree)
    lines = source.splitlines()

    def branch(node: ast.AST) -> Branch:
        line = getattr(node, "lineno", 0)
        return Branch(path, line, lines[line - 1].strip() if line else "")

    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            for op, (left, right) in zip(node.ops, itertools.pairwise(sides), strict=True):
                if not isinstance(op, COMPARE_OPS):
                    continue
                by_name = _names_a_network(left, collections) or _names_a_network(
                    right, collections
                )
                by_attribute = (_is_network_attribute(left) or _is_network_attribute(right)) and (
                    isinstance(left, ast.Constant) or isinstance(right, ast.Constant)
                )
                if by_name or by_attribute:
                    yield branch(node)
                    break
        elif isinstance(node, ast.match_case):
            if any(
                isinstance(p, ast.MatchValue) and _names_a_network(p.value, collections)
                for p in ast.walk(node.pattern)
            ):
                yield branch(node.pattern)


def offenders() -> list[Branch]:
    found: list[Branch] = []
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP)
        if relative.parts[0] in ALLOWED:
            continue
        source = path.read_text(encoding="utf-8")
        found.extend(branches_in(source, str(path.relative_to(ROOT))))
    return found


def test_no_branch_on_a_network_name_outside_the_adapters() -> None:
    found = offenders()
    assert not found, "ask the adapter for a capability instead:\n" + "\n".join(map(str, found))


SNIPPET = """
SERVER_SCHEDULE = {"mastodon", "misskey"}
LABELS = {"mastodon": "Mastodon", "bluesky": "Bluesky"}  # data: fine


def f(account, kind, name):
    if account.network == "misskey":  # 1
        pass
    if "bluesky" != name:  # 2
        pass
    if name in ("x", "mixi2"):  # 3
        pass
    if name not in frozenset({"mastodon"}):  # 4
        pass
    if account.network in SERVER_SCHEDULE:  # 5
        pass
    if kind is Kind.MASTODON or kind == Kind.MISSKEY:  # 6 (the == only)
        pass
    match name:
        case "bluesky" | "other":  # 7
            pass
        case _:
            pass
    label = LABELS.get(name, name)  # data lookup: fine
    if name == "xylophone" or account.network == other.network:  # fine
        pass
    return label
"""


def test_the_checker_catches_each_kind_of_branch() -> None:
    found = sorted(branches_in(SNIPPET), key=lambda b: b.line)
    assert [b.code.rsplit("# ", 1)[-1].split()[0] for b in found] == [str(i) for i in range(1, 8)]
