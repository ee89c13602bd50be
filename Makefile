# Two commands for a fresh machine; each sets up what it needs.
#   make serve   the site at http://127.0.0.1:8000/train-eval/, reloading on edits
#   make test    every test (browser tests too, when Chromium is installed)

VENV := .venv
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test

# The virtual environment, rebuilt whenever requirements.txt changes.
$(VENV)/installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

serve: $(VENV)/installed
	$(VENV)/bin/mkdocs serve

test: $(VENV)/installed
	$(VENV)/bin/pytest
