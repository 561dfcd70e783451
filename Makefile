# TRUE ERP · Sage Intacct module. Two commands matter: `make demo` and `make test`.
# Both do every set-up step on a fresh machine (virtualenv, install, migrate) and then run.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export PYTHONPATH := $(CURDIR)/src

.PHONY: install demo test lint typecheck audit check migrate clean bench soak

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

migrate: install
	TRUEERP_MODE=$${TRUEERP_MODE:-demo} $(BIN)/python -m trueerp.manage migrate --noinput

# The demo: migrate, seed the demo company, collect static files, then run web server, Celery
# worker, Celery beat and the Intacct emulator together (Procfile), on embedded defaults.
demo: install
	TRUEERP_MODE=demo $(BIN)/python -m trueerp.manage migrate --noinput
	TRUEERP_MODE=demo $(BIN)/python -m trueerp.manage collectstatic --noinput --verbosity 0
	TRUEERP_MODE=demo $(BIN)/python -m trueerp.manage seed_demo
	@echo ""
	@echo "  TRUE ERP demo: http://127.0.0.1:$${TRUEERP_PORT:-8000}/"
	@echo "  Sign in as admin / demo-pass-2026 (Controller, holds #1598) or clerk / demo-pass-2026 (no #1598)."
	@echo "  Intacct emulator console: http://127.0.0.1:8300/__emulator__/"
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" TRUEERP_MODE=demo $(BIN)/honcho --procfile Procfile start

# Tests. PYTEST_ARGS passes extra arguments, e.g. `make test PYTEST_ARGS="-k intacct"`.
test: install
	TRUEERP_MODE=test $(BIN)/python -m pytest $(PYTEST_ARGS)

# The ledger's stateful property test for a chosen time (default 20 minutes), e.g.
# `make soak SOAK_MINUTES=60`; prints the examples tried and the invariants broken (0).
SOAK_MINUTES ?= 20
soak: install
	TRUEERP_MODE=test LEDGER_SOAK_MINUTES=$(SOAK_MINUTES) $(BIN)/python -m pytest -q -p no:cacheprovider \
		src/trueerp/sage_intacct/tests/sync/test_stateful.py -k soak

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: install
	$(BIN)/mypy src tests bench

# pip-audit against requirements.lock: a known vulnerability fails; unreachable data only warns.
audit: install
	$(BIN)/python .ci/audit_dependencies.py --pip-audit $(BIN)/pip-audit --lock requirements.lock

check: lint typecheck test

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache
