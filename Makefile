# Two commands for a fresh machine; each sets up what it needs.
#   make serve   the site at http://127.0.0.1:8000/train-eval/, reloading on edits
#   make test    every test (browser tests too, when Chromium is installed)
# And one for whoever changes requirements.txt (the human-edited pins):
#   make lock    rewrite requirements.lock, every package pinned with its hashes

VENV := .venv
PYTHON := python3
export NO_MKDOCS_2_WARNING := 1

# torch's CPU build (requirements.lock pins 2.13.0+cpu) lives on PyTorch's own index,
# not on PyPI, whose Linux wheel of the same version pulls several GB of CUDA libraries.
# That index is passed to pip only where it answers: pip retries an unreachable index
# 5 times for every package it looks up (measured here, where the name does not resolve:
# 8.8 s and 5 warnings a package, so some 20 minutes for the lock's 138 packages), while
# this check costs a second, at most 5 s where packets are dropped. Where the index is
# unreachable the +cpu wheel must come from pip's own configuration (a find-links folder,
# as on the development machines); with PyPI alone pip stops at torch==2.13.0+cpu ("No
# matching distribution"), rather than install a CUDA build.
TORCH_CPU_INDEX := https://download.pytorch.org/whl/cpu
torch_cpu_index = $(shell $(PYTHON) -c 'import urllib.request as u; u.urlopen("$(TORCH_CPU_INDEX)/torch/", timeout=5)' \
	>/dev/null 2>&1 && echo --extra-index-url $(TORCH_CPU_INDEX))

.PHONY: serve test lock

# The virtual environment, installed from the lock and brought up to date whenever the
# lock changes. The lock carries hashes, so pip checks every file it installs, and it
# pins pip itself (the first run upgrades the venv's bundled pip in the same install).
$(VENV)/installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --require-hashes $(torch_cpu_index) -r requirements.lock
	touch $@

# mkdocs serve rebuilds on what mkdocs.yml's `watch:` lists (overrides/ included), but it
# imports the hooks once and keeps them (MkDocs caches the module), so an edit in tools/
# would rebuild with the old code. watchdog's auto-restart (watchdog comes with MkDocs)
# restarts the server when a module in tools/ changes; the open page reloads once the new
# server is up, since its livereload epoch (a monotonic clock) is later.
serve: $(VENV)/installed
	$(VENV)/bin/watchmedo auto-restart --directory tools --patterns '**/*.py' --ignore-directories \
		--debounce-interval 1 -- $(VENV)/bin/python -m tools serve

test: $(VENV)/installed
	$(VENV)/bin/python -m tools check

# Resolve requirements.txt into requirements.lock with pip-compile (pip-tools, so pip's
# own configuration and resolver, the ones that install it). Versions already in the lock
# are kept unless requirements.txt moves them: `make lock LOCK_FLAGS=--upgrade` lifts
# every unpinned dependency to its newest release. tests/test_conventions.py fails while
# the lock is stale. The index options stay out of the file (they differ by machine).
LOCK_FLAGS :=
lock: $(VENV)/installed
	CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
		--strip-extras --no-emit-index-url --no-emit-find-links $(torch_cpu_index) $(LOCK_FLAGS) \
		--output-file requirements.lock requirements.txt
