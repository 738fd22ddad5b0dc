# Two commands do all the set-up on a fresh Debian 12 machine:
#   make run    install missing Debian packages, build (Release), start the app
#   make test   the same set-up, then every test through ctest (GUI tests under Xvfb), again
#               under ASan + UBSan, then a build with warnings as errors, then each fuzz
#               target for a bounded time
PRESET      ?= release
BUILD_DIR   := build/$(PRESET)
DATA_HOME   ?= $(if $(XDG_DATA_HOME),$(XDG_DATA_HOME),$(HOME)/.local/share)
RECORDS_DIR ?= $(DATA_HOME)/ketamine-checklist/records
CTEST_ARGS  ?=
FUZZ_SECONDS ?= 300

# Without a display, tests that open windows run under a virtual X server.
XVFB := $(if $(DISPLAY),,xvfb-run -a -s "-screen 0 1280x800x24")

.PHONY: all deps configure build run test suite bench install package clean asan fuzz fuzz-build durability-long warnings

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

# CI runs this: the suite on the $(PRESET) build, the same suite under the asan preset, and
# each libFuzzer target for a bounded time on the seed corpus (the fuzz preset's ctest).
test: suite
	@$(MAKE) --no-print-directory suite PRESET=asan
	@$(MAKE) --no-print-directory warnings
	@$(MAKE) --no-print-directory fuzz-build
	ctest --test-dir build/fuzz --output-on-failure -j2 $(CTEST_ARGS)

suite: build
	$(XVFB) ctest --test-dir $(BUILD_DIR) --output-on-failure -j2 $(CTEST_ARGS)

# Benchmarks print figures beside their references; they never pass or fail on time.
bench: build
	@bash tools/deps.sh --bench
	$(BUILD_DIR)/tests/bench_commit_latency --commits 5000
	$(BUILD_DIR)/tests/bench_rounds --hours 4 --replays 500
	$(BUILD_DIR)/tests/bench_micro
	tests/bench/process_bench.sh $(BUILD_DIR)
	for n in 1000 3000 10000; do $(BUILD_DIR)/tests/bench_report --sessions $$n || exit 1; done
	$(XVFB) tests/bench/startup.sh $(BUILD_DIR) 20

# Every target built with warnings as errors (the ci preset, RelWithDebInfo): no test run.
warnings: deps
	@cmake --preset ci >/dev/null
	@cmake --build --preset ci

# The long crash run: 10,000 kills of a scripted session at random moments (CI runs 300).
KILL_RUNS ?= 10000
durability-long: build
	KC_KILL_RUNS=$(KILL_RUNS) $(BUILD_DIR)/tests/durability_tests "[durability]" --durations yes

# The whole suite under AddressSanitizer and UndefinedBehaviorSanitizer.
asan:
	@$(MAKE) --no-print-directory suite PRESET=asan

# libFuzzer targets (tests/fuzz) built with clang 14 + ASan + UBSan in build/fuzz.
fuzz-build:
	@bash tools/deps.sh --fuzz
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz

# Each fuzz target for FUZZ_SECONDS (default 300) with a persistent corpus in build/fuzz-corpus/.
fuzz: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash tools/fuzz.sh build/fuzz

install: build
	cmake --install $(BUILD_DIR)

# A .deb with both programs, the protocols, the docs, the desktop entry and the icon.
package: build
	cd $(BUILD_DIR) && cpack -G DEB

clean:
	rm -rf build
