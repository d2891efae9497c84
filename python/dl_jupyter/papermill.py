"""papermill parameters for DL notebooks: `papermill in.ipynb out.ipynb -p epochs 5` writes
`let epochs = 5` in a cell after the one tagged `parameters`.

DL has numbers, strings and lists. It has no booleans and no null, so `True`, `False` and
`None` are refused with what to pass instead, rather than written as something DL reads
differently; so are dictionaries, infinities and NaN.
"""
import math
import re

from papermill.engines import NBClientEngine
from papermill.exceptions import PapermillException
from papermill.translators import Translator, papermill_translators

__all__ = ["DLTranslator", "DLEngine"]

_NAME = re.compile(r"[A-Za-z_]\w*\Z")
_ASSIGNMENT = re.compile(r"^\s*(?:let\s+)?(?P<name>[A-Za-z_]\w*)\s*=\s*(?P<value>.*?)\s*(?:#\s*(?P<help>.*))?$")


class DLTranslator(Translator):
    """Writes Python values as DL literals and parameters as `let` statements."""

    @classmethod
    def translate_escaped_str(cls, str_val):
        text = str(str_val)
        control = next((c for c in text if ord(c) < 32 and c not in "\n\t"), None)
        if control is not None:
            raise PapermillException(
                f"a DL string cannot hold the control character {control!r}: DL strings know \\n, \\t, \\\" and \\\\"
            )
        escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
        return f'"{escaped}"'

    @classmethod
    def translate_none(cls, val):
        raise PapermillException("DL has no null value: leave the parameter out to keep the notebook's default")

    @classmethod
    def translate_bool(cls, val):
        raise PapermillException(
            f"DL has no booleans: pass {int(val)} for {val}, or a string such as \"yes\", and test it in the notebook"
        )

    @classmethod
    def translate_float(cls, val):
        if not math.isfinite(val):
            raise PapermillException(f"DL has no literal for {val}: pass a finite number")
        return repr(val)

    @classmethod
    def translate_list(cls, val):
        return "[" + ", ".join(cls.translate(item) for item in val) + "]"

    @classmethod
    def translate_dict(cls, val):
        raise PapermillException("DL has no dictionaries: pass each entry as a parameter of its own")

    @classmethod
    def comment(cls, cmt_str):
        return f"# {cmt_str}".strip()

    @classmethod
    def assign(cls, name, str_val):
        if not _NAME.match(name):
            raise PapermillException(f"'{name}' is not a DL name: letters, digits and _, starting with a letter or _")
        return f"let {name} = {str_val}"

    @classmethod
    def inspect(cls, parameters_cell):
        """The parameters a notebook's `parameters` cell defines, for `papermill --help-notebook`."""
        from papermill.models import Parameter

        parameters = []
        for line in parameters_cell.source.splitlines():
            match = _ASSIGNMENT.match(line)
            if match and not line.lstrip().startswith("#"):
                value = match["value"]
                kind = "str" if value.startswith('"') else "list" if value.startswith("[") else "number"
                parameters.append(
                    Parameter(name=match["name"], inferred_type_name=kind, default=value, help=match["help"] or "")
                )
        return parameters


papermill_translators.register("dl", DLTranslator)


class DLEngine(NBClientEngine):
    """papermill's own nbclient engine under the name "dl". Its entry point is how this module
    is imported when papermill starts, which registers `DLTranslator` for the kernel "dl"."""
