"""MkDocs hook: put the recorded torch and Python versions on every page.

The versions come from snippets/environment.json, which only the output
refresh (`pytest --update-outputs`) writes, so the page states what the shown
outputs were really produced with. overrides/main.html renders it.
"""

import json
from pathlib import Path


def on_config(config):
    recorded = Path(config.config_file_path).parent / "snippets" / "environment.json"
    config.extra["verified_with"] = json.loads(recorded.read_text())
    return config
