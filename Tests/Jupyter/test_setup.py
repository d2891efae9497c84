"""Everything the tests run or import comes from scripts/setup, so `make test` passes on a fresh machine.

A package installed by hand (numpy for a benchmark, say) hides a missing install step: the tests pass
here and fail on the next machine. These checks read the tests themselves and refuse
- a Python module imported by a test file that is neither the standard library, a file of the tests,
  nor installed by the virtualenv's requirements (scripts/requirements-test.txt and what they need);
- a program run by a test that neither the project builds nor a Debian package gives that the setup
  installs (or that every Debian system has);
- a Python interpreter run by a test other than the virtualenv's, whose modules nothing installs.
"""
from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import shutil
import subprocess
import sys
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "Tests"
SETUP = ROOT / "scripts" / "setup"
REQUIREMENTS = ROOT / "scripts" / "requirements-test.txt"
# make test-browser's own list (scripts/setup --browser), for the one test file that needs it.
BROWSER_REQUIREMENTS = ROOT / "scripts" / "requirements-browser.txt"
BROWSER_TESTS = {"test_browser.py"}
VENV = ROOT / ".venv"

# `make test` itself is how the tests start, so make is there by definition.
GIVEN_COMMANDS = {"make"}


def requirement_name(line: str) -> str | None:
    """The distribution a requirement line names, normalized, or None for a comment or blank line."""
    match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", line.split("#", 1)[0])
    return re.sub(r"[-_.]+", "-", match.group(1)).lower() if match else None


def installed_by_requirements() -> set[str]:
    """The distributions that the test requirements install: the listed ones and everything they require."""
    pending = [name for name in map(requirement_name, REQUIREMENTS.read_text().splitlines()) if name]
    closure: set[str] = set()
    while pending:
        name = pending.pop()
        if name in closure:
            continue
        try:
            requirements = metadata.requires(name) or []
        except metadata.PackageNotFoundError:
            continue  # required only where a marker holds (another Python, another platform): not installed here
        closure.add(name)
        for requirement in requirements:
            if "extra ==" in requirement:
                continue
            dependency = requirement_name(requirement)
            if dependency:
                pending.append(dependency)
    return closure


def imported_modules(path: Path) -> set[str]:
    """The top-level modules a Python file imports (absolute imports only)."""
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules.add(node.module.split(".")[0])
    return modules - {"__future__"}


def setup_packages() -> set[str]:
    """The Debian packages scripts/setup installs for `make run` and `make test` (not --bench or --jupyter)."""
    match = re.search(r"^packages=\(([^)]*)\)", SETUP.read_text(), re.MULTILINE)
    assert match, "scripts/setup no longer has a `packages=(...)` line: update this test with it"
    return set(match.group(1).split())


def debian_package(program: str) -> str:
    """The Debian package that owns `program` (a path), by dpkg's database."""
    real = str(Path(program).resolve())
    # With merged /usr, /bin/X and /usr/bin/X are one file; dpkg knows it by the name its package ships.
    aliases = [real[len("/usr"):]] if real.startswith("/usr/bin/") or real.startswith("/usr/sbin/") else []
    for candidate in [real, program, *aliases]:
        found = subprocess.run(["dpkg-query", "-S", candidate], capture_output=True, text=True)
        if found.returncode == 0:
            return found.stdout.split(":", 1)[0].split(",")[0].strip()
    return ""


def everywhere(package: str) -> bool:
    """Whether every Debian system has `package`: it is essential or of required priority."""
    fields = subprocess.run(["dpkg-query", "-W", "-f=${Essential} ${Priority}", package],
                            capture_output=True, text=True).stdout.split()
    return "yes" in fields or "required" in fields


def programs_run_by_tests() -> dict[str, str]:
    """Each literal program a test runs, with where it is run from."""
    programs: dict[str, str] = {}
    for swift in TESTS.rglob("*.swift"):
        for number, line in enumerate(swift.read_text().splitlines(), 1):
            for program in re.findall(r'executableURL\s*=\s*URL\(fileURLWithPath:\s*"([^"]+)"', line):
                programs[program] = f"{swift.relative_to(ROOT)}:{number}"
    for python in TESTS.rglob("*.py"):
        for node in ast.walk(ast.parse(python.read_text())):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "subprocess"
                    and node.args and isinstance(node.args[0], ast.List) and node.args[0].elts
                    and isinstance(node.args[0].elts[0], ast.Constant)):
                programs[node.args[0].elts[0].value] = f"{python.relative_to(ROOT)}:{node.lineno}"
    return programs


class FreshMachine(unittest.TestCase):
    def test_the_virtualenv_sees_no_system_packages(self):
        self.assertNotEqual(sys.prefix, sys.base_prefix, "run the Jupyter tests with .venv/bin/python (make test does)")
        config = (Path(sys.prefix) / "pyvenv.cfg").read_text()
        self.assertIn("include-system-site-packages = false", config,
                      "the virtualenv must not see packages installed by hand outside it")

    def test_every_imported_module_is_installed_by_the_setup(self):
        installed = installed_by_requirements()
        providers = metadata.packages_distributions()
        browser = {requirement_name(line) for line in BROWSER_REQUIREMENTS.read_text().splitlines()} - {None}
        missing = []
        for path in sorted(TESTS.rglob("*.py")):
            local = {sibling.stem for sibling in path.parent.glob("*.py")}
            for module in sorted(imported_modules(path) - local - set(sys.stdlib_module_names)):
                distributions = {requirement_name(name) for name in providers.get(module, [])}
                # make test does not install the browser test's packages; its list must name them.
                if path.name in BROWSER_TESTS and requirement_name(module) in browser:
                    continue
                if not distributions & installed:
                    missing.append(f"{path.relative_to(ROOT)} imports {module}")
        self.assertEqual(missing, [], f"add what provides each to {REQUIREMENTS.relative_to(ROOT)}")

    def test_the_checks_see_a_missing_module(self):
        # The check above would catch a test that imports numpy without numpy in the requirements.
        self.assertIn("numpy", {module for module in imported_modules(TESTS / "DLCoreTests" / "Python" /
                                                                      "read_safetensors.py")})
        self.assertNotIn("not-a-real-distribution", installed_by_requirements())
        self.assertIn("jupyter-client", installed_by_requirements())
        self.assertIn("pyzmq", installed_by_requirements(), "requirements are followed to what they require")

    def test_every_program_run_by_a_test_comes_from_the_setup(self):
        allowed = setup_packages()
        found = programs_run_by_tests()
        self.assertIn("/bin/gzip", found, "the scan of the tests finds the programs they run")
        problems = []
        for program, where in sorted(found.items()):
            if program in GIVEN_COMMANDS:
                continue
            if re.search(r"python", Path(program).name):
                problems.append(f"{where} runs {program}: run Python as {VENV}/bin/python, where the setup "
                                "installs what it imports")
                continue
            path = program if program.startswith("/") else shutil.which(program)
            package = debian_package(path) if path else ""
            if not package or not (package in allowed or everywhere(package)):
                problems.append(f"{where} runs {program} ({package or 'no Debian package'}): "
                                "add its package to scripts/setup")
        self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main()
