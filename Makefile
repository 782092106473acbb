# Everything the project needs is installed from here: `make ingest` and `make test`
# work on a fresh clone with only Python 3.11 on the machine.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DB_URL ?= sqlite:///data/scrutiny.db

.PHONY: install ingest test lint format sample-docs score clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(INSTALLED)

install: $(INSTALLED)

ingest: install
	$(BIN)/scrutiny ingest sample_docs --db $(DB_URL)

test: install
	$(BIN)/python -m pytest

# Lint and formatting check (ruff, configured in pyproject.toml); `make format` fixes.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rebuild the committed sample papers and their gold files.
sample-docs: install
	$(BIN)/python sample_docs/build.py

# Score extraction against the shared development corpus, when it is beside the repo.
score: install
	$(BIN)/python ../shared/eval/score.py ../shared/corpus/dev --cmd "$(BIN)/scrutiny extract {files} --json"

clean:
	rm -rf $(VENV) data *.egg-info

# Throughput, per-stage time and peak memory on ../shared/corpus/real/kent (when present)
# and sample_docs/: prints a table of figures against targets, writes bench/results.json.
.PHONY: bench
bench: install
	$(BIN)/python bench/bench.py

# Table reading on the council development corpus and the ICDAR 2013 Table Competition
# set (both beside the repo in ../shared): pairs and statuses, then table detection and
# cell relations for this reader and pdfplumber's table finder.
.PHONY: bench-tables
bench-tables: install
	$(BIN)/python bench/tables.py

# Papers worded unlike the development corpus (other response labels, keys, status
# phrasings, paraphrased themes), written with their gold to build/unfamiliar-wording
# and scored with ../shared/eval/score.py.
.PHONY: bench-wording
bench-wording: install
	$(BIN)/python bench/unfamiliar_wording.py build/unfamiliar-wording --score

# Debian packages for the optional readers and checks: LibreOffice (.doc, .rtf),
# Tesseract (scanned papers) and Chromium (the report's rendering test). Without
# them those paths fail with a message saying what to install, and their tests skip.
# Needs root; installs only what is missing.
.PHONY: system-packages
system-packages:
	@missing=""; \
	command -v soffice >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	command -v tesseract >/dev/null 2>&1 || missing="$$missing tesseract-ocr tesseract-ocr-eng"; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Mutated sample papers through the readers for a while (FUZZ_SECONDS, default 120): fails,
# keeping the inputs in fuzz/crashes/, if any raises more than a per-file error or hangs.
.PHONY: fuzz
FUZZ_SECONDS ?= 120
fuzz: install
	$(BIN)/python fuzz/fuzz.py --seconds $(FUZZ_SECONDS)
