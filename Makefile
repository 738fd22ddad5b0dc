# Two commands do all the set-up on a fresh Debian 12 machine:
#   make run    install missing Debian packages, build (Release), start the app
#   make test   the same set-up, then every test through ctest (GUI tests under Xvfb)
PRESET      ?= release
BUILD_DIR   := build/$(PRESET)
DATA_HOME   ?= $(if $(XDG_DATA_HOME),$(XDG_DATA_HOME),$(HOME)/.local/share)
RECORDS_DIR ?= $(DATA_HOME)/ketamine-checklist/records
CTEST_ARGS  ?=

# Without a display, tests that open windows run under a virtual X server.
XVFB := $(if $(DISPLAY),,xvfb-run -a -s "-screen 0 1280x800x24")

.PHONY: all deps configure build run test bench install package clean asan durability-long

all: build

deps:
	@bash tools/deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build --preset $(PRESET)

run: build
	@mkdir -p "$(RECORDS_DIR)" && chmod 700 "$(RECORDS_DIR)"
	$(BUILD_DIR)/src/gui/ketamine-checklist --protocols "$(CURDIR)/protocols" --records "$(RECORDS_DIR)"

test: build
	$(XVFB) ctest --test-dir $(BUILD_DIR) --output-on-failure -j2 $(CTEST_ARGS)

# Benchmarks print figures beside their references; they never pass or fail on time.
bench: build
	@bash tools/deps.sh --bench
	$(BUILD_DIR)/tests/bench_commit_latency --commits 5000
	$(BUILD_DIR)/tests/bench_micro
	tests/bench/process_bench.sh $(BUILD_DIR)
	$(BUILD_DIR)/tests/bench_report --sessions 10000
	$(XVFB) tests/bench/startup.sh $(BUILD_DIR) 20

# The long crash run: 10,000 kills of a scripted session at random moments (CI runs 300).
KILL_RUNS ?= 10000
durability-long: build
	KC_KILL_RUNS=$(KILL_RUNS) $(BUILD_DIR)/tests/durability_tests "[durability]" --durations yes

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	@$(MAKE) --no-print-directory test PRESET=asan

install: build
	cmake --install $(BUILD_DIR)

# A .deb with both programs, the protocols, the docs, the desktop entry and the icon.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf build
