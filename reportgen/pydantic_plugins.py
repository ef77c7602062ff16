"""The command line runs pydantic without plugins, and without the look-up for them.

The first time pydantic builds a model it looks for plugins (entry points in
the `pydantic` group); that loader imports `importlib.metadata` (and with it
email, zipfile, csv …) and scans every installed distribution: about 15 ms of a
0.4 s build, for validation plugins (tracing, metrics) a one-shot report
generator has no use for. pydantic's documented switch is the environment
variable PYDANTIC_DISABLE_PLUGINS; with it set, pydantic's loader returns no
plugins without looking, so a loader that returns none does the same without
its imports. A user who sets the variable to anything else (say, to disable
only some plugins) keeps pydantic's own loader. Only the CLI calls this; a
program importing reportgen as a library keeps its pydantic as it is.
"""

from __future__ import annotations

import os
import sys
import types

_LOADER = "pydantic.plugin._loader"
_OFF = ("__all__", "1", "true")  # the values for which pydantic's loader returns no plugins


def disable() -> None:
    """Turn pydantic plugins off for this process (unless the user chose otherwise); call before models are built."""
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if os.environ["PYDANTIC_DISABLE_PLUGINS"] not in _OFF or _LOADER in sys.modules:
        return
    loader = types.ModuleType(_LOADER, "pydantic's plugin loader while PYDANTIC_DISABLE_PLUGINS is set: no plugins.")
    loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
    sys.modules[_LOADER] = loader
