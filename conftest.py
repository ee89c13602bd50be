# The project's pytest options and torch-state guard live in tools/pytest_plugin.py,
# so the harness tests can load the same plugin into a throwaway pytest run.
pytest_plugins = ["tools.pytest_plugin"]
