"""Layers point one way (import-linter checks the packages in CI); this checks the names."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ["core", "centres", "activities", "ratings", "reports", "demo"]


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                yield node.module, alias.name, node.lineno


def test_no_app_imports_another_apps_underscore_names():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for module, name, line in _imports(path):
                other = module.split(".")[0]
                private = name.startswith("_") or any(
                    part.startswith("_") and part != "__init__" for part in module.split(".")
                )
                if other in APPS and other != app and private:
                    found.append(f"{path.relative_to(ROOT)}:{line} {module}.{name}")
    assert found == []


def test_no_module_imports_another_apps_views():
    found = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for module, _name, line in _imports(path):
                parts = module.split(".")
                if parts[0] in APPS and parts[0] != app and "views" in parts:
                    found.append(f"{path.relative_to(ROOT)}:{line} {module}")
    assert found == []
