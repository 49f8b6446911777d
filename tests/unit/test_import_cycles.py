"""walktimer's packages import one another in one direction only.

import-linter's layers contract (pyproject.toml) checks the order of the layers; this checks that
no two packages form a loop, in a layer or not, so the check holds for a package added later
before anyone gives it a layer. Quick: grimp reads the source files, nothing is run.
"""

from __future__ import annotations

import itertools

import grimp


def package_cycles(graph: grimp.ImportGraph, package: str) -> list[str]:
    """Each pair of `package`'s modules and subpackages that import each other, directly or
    through others, with a chain each way; TYPE_CHECKING and function-level imports count."""
    cycles = []
    for first, second in itertools.combinations(sorted(graph.find_children(package)), 2):
        there = graph.find_shortest_chain(first, second, as_packages=True)
        back = graph.find_shortest_chain(second, first, as_packages=True)
        if there and back:
            cycles.append(f"{' -> '.join(there)}, and back: {' -> '.join(back)}")
    return cycles


def test_walktimer_packages_import_each_other_one_way_only() -> None:
    """A cycle between packages (the commands importing the cli that imports them) makes the
    import order fragile: which of the two loads first decides what the other finds."""
    graph = grimp.build_graph("walktimer", cache_dir=None)
    assert "walktimer.cli" in graph.find_children("walktimer")
    assert package_cycles(graph, "walktimer") == []
