# The front door: `make run` walks, `make test` tests. Both set up .venv on their own.
# `make install` puts `walktimer` in ~/.local/bin for everyday use (its own virtual environment).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
CHECK_STAMP := $(VENV)/.installed-check
PREFIX ?= $(HOME)/.local
APP_VENV := $(PREFIX)/lib/walktimer
ARGS ?=

.PHONY: run test test-fast fuzz check bench screenshots install uninstall clean

# `make run ARGS="run classic-30-30"` passes its arguments on: any walktimer command.
run: $(RUN_STAMP)
	$(BIN)/walktimer $(ARGS)

test: $(TEST_STAMP)
	$(BIN)/pytest

# Unit and functional tests only: no real program in a subprocess or terminal (see tests/e2e).
test-fast: $(TEST_STAMP)
	$(BIN)/pytest -m "not e2e"

# The hostile-file tests of `make test`, with many more generated files (a few minutes).
fuzz: $(TEST_STAMP)
	WALKTIMER_FUZZ_EXAMPLES=2000 $(BIN)/pytest tests/unit/test_fuzz_files.py

check: $(CHECK_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

bench: $(TEST_STAMP)
	$(PIP) install --quiet -e '.[bench]'
	$(BIN)/python -m benchmarks

screenshots: $(TEST_STAMP)
	$(BIN)/python -m tests.functional.screenshots

# walktimer for everyday use, apart from this checkout: a virtual environment of its own in
# $(APP_VENV) and the command in $(PREFIX)/bin (pipx users may `pipx install .` instead).
install:
	@echo "Installing walktimer into $(APP_VENV), the command into $(PREFIX)/bin ..."
	test -x $(APP_VENV)/bin/python || $(PYTHON) -m venv $(APP_VENV)
	@$(MAKE) --no-print-directory with-sound PIP="$(APP_VENV)/bin/python -m pip --disable-pip-version-check" EDITABLE=
	mkdir -p $(PREFIX)/bin
	ln -sf $(APP_VENV)/bin/walktimer $(PREFIX)/bin/walktimer
	@case ":$$PATH:" in *":$(PREFIX)/bin:"*) echo "Done: type walktimer to start." ;; \
	*) echo "Done. $(PREFIX)/bin is not on your PATH: add this line to ~/.profile, then log in again:"; \
	   echo '    export PATH="$(PREFIX)/bin:$$PATH"' ;; esac

uninstall:
	rm -f $(PREFIX)/bin/walktimer
	rm -rf $(APP_VENV)

# What a walker needs and nothing more: walktimer, with sound where simpleaudio can be built.
$(RUN_STAMP): pyproject.toml
	@echo "Setting up walktimer in $(VENV) (the first time takes a minute or two) ..."
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip
	@$(MAKE) --no-print-directory with-sound PIP="$(PIP)" EDITABLE=-e
	touch $@

# The test and lint tools come only with `make test` and `make check`.
$(TEST_STAMP): $(RUN_STAMP)
	@echo "Adding the test tools to $(VENV) ..."
	$(PIP) install -e '.[test]'
	touch $@

$(CHECK_STAMP): $(RUN_STAMP)
	@echo "Adding the lint tools to $(VENV) ..."
	$(PIP) install -e '.[check]'
	touch $@

# walktimer and what it needs (pip shows its progress: the first time downloads a few packages),
# with simpleaudio, which compiles against the ALSA headers: where it cannot be built, say so
# once and install walktimer without it.
.PHONY: with-sound
with-sound:
	@if $(PIP) install $(EDITABLE) '.[audio]'; then \
		echo "walktimer installed with sound (simpleaudio)."; \
	else \
		echo "walktimer: simpleaudio could not be built (no ALSA headers? apt-get install libasound2-dev; on a phone, Termux:API plays the sound instead); installing without it: sound falls back to other players."; \
		$(PIP) install $(EDITABLE) .; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
