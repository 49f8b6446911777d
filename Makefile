# The front door: `make run` walks, `make test` tests. Both set up .venv on their own.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast fuzz check bench screenshots install clean

run: $(STAMP)
	$(BIN)/walktimer

test: $(STAMP)
	$(BIN)/pytest

# Unit and functional tests only: no real program in a subprocess or terminal (see tests/e2e).
test-fast: $(STAMP)
	$(BIN)/pytest -m "not e2e"

# The hostile-file tests of `make test`, with many more generated files (a few minutes).
fuzz: $(STAMP)
	WALKTIMER_FUZZ_EXAMPLES=2000 $(BIN)/pytest tests/unit/test_fuzz_files.py

check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks

screenshots: $(STAMP)
	$(BIN)/python -m tests.functional.screenshots

install: $(STAMP)

# simpleaudio compiles against the ALSA headers: install it where they exist, else say so once.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@if $(BIN)/python -m pip install --quiet -e '.[audio,test]'; then \
		echo "walktimer installed with sound (simpleaudio)."; \
	else \
		echo "walktimer: simpleaudio could not be built (no ALSA headers? apt-get install libasound2-dev); installing without it, sound falls back to other players."; \
		$(BIN)/python -m pip install --quiet -e '.[test]'; \
	fi
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
