# SPDX-License-Identifier: GPL-2.0
# zdmemmap: the lab (library + CLI), its tests, the bench and the VM harness.
#   make            build build/zdmemmap
#   make test       unit tests (cmocka, ASan + UBSan), CLI tests, sweep
#   make bench      the series' experiment: 100 GiB devdax 2M map=dev
#   make vm-test    kernel series + QEMU checks (see vm/README.md)

CC       ?= gcc
BUILD    := build
CFLAGS   := -std=gnu11 -O2 -g -Wall -Wextra -Wno-unused-parameter \
	    -Wno-missing-field-initializers -MMD -MP
# The lab's layers, bottom up; each may include only its own and lower ones
# (tests/layers.sh checks it).
LAB_LAYERS := util model strategy verify bench
INCLUDES := -Ilab/shim $(LAB_LAYERS:%=-Ilab/%) -Ilab/cli
# The kernel headers that core/ includes, as the lab supplies them: on the
# include path of core/ alone (tools/testing/vma's way).
CORE_SHIM := lab/shim/kernel
LDLIBS   := -lpthread

LIB_SRC  := core/memmap_fast.c core/memmap_fast_ram.c $(foreach d,$(LAB_LAYERS),$(wildcard lab/$(d)/*.c))
CLI_SRC  := $(wildcard lab/cli/*.c)
TEST_SRC := $(wildcard tests/test_*.c)

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)

# Test build: sanitizers, the streaming-store checker, no optimizer tricks.
TCFLAGS  := -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter \
	    -Wno-missing-field-initializers -MMD -MP -DZDM_NT_CHECK \
	    -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -fno-omit-frame-pointer
TLIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/tobj/%.o)
TCLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/tobj/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

# What each README command needs on a fresh Debian 12; scripts/need-pkgs.sh
# installs what is missing (as root) or says what to run.
BUILD_PKGS := build-essential
TEST_PKGS  := $(BUILD_PKGS) libcmocka-dev python3 gnuplot-nox

.PHONY: all test unit-test cli-test bench clean deps-build deps-test
all: $(BUILD)/zdmemmap

deps-build:
	@scripts/need-pkgs.sh $(BUILD_PKGS)

deps-test:
	@scripts/need-pkgs.sh $(TEST_PKGS)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(INCLUDES) -c $< -o $@

# core/ includes kernel headers; lab/shim/kernel/ takes them over.
$(BUILD)/obj/core/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -I$(CORE_SHIM) $(INCLUDES) -c $< -o $@

$(BUILD)/tobj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(TCFLAGS) $(INCLUDES) -c $< -o $@

$(BUILD)/tobj/core/%.o: core/%.c
	@mkdir -p $(dir $@)
	$(CC) $(TCFLAGS) -I$(CORE_SHIM) $(INCLUDES) -c $< -o $@

$(BUILD)/zdmemmap: $(LIB_OBJ) $(CLI_OBJ)
	$(CC) $(CFLAGS) $^ -o $@ $(LDLIBS)

# The sanitized CLI, used by the CLI tests.
$(BUILD)/zdmemmap-asan: $(TLIB_OBJ) $(TCLI_OBJ)
	$(CC) $(TCFLAGS) $^ -o $@ $(LDLIBS)

$(BUILD)/tests/%: tests/%.c tests/helpers.h $(TLIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(TCFLAGS) $(INCLUDES) -Itests $< $(TLIB_OBJ) -o $@ \
		-lcmocka $(LDLIBS)

unit-test: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

cli-test: $(BUILD)/zdmemmap $(BUILD)/zdmemmap-asan
	ZDMEMMAP=$(BUILD)/zdmemmap-asan tests/cli.sh
	tests/drift.sh
	tests/layers.sh
	tests/real_machine.sh
	tests/series_core.sh 100
	ZDMEMMAP=$(BUILD)/zdmemmap tests/bench_smoke.sh
	ZDMEMMAP=$(BUILD)/zdmemmap tests/hostile.sh
	ZDMEMMAP=$(BUILD)/zdmemmap-asan tests/hostile.sh

# The packages first, then everything else (a sub-make, so that nothing is
# compiled before cmocka is there).  The unit and CLI tests are mostly
# single-threaded: run the two side by side.
test: deps-test
	$(MAKE) -j2 unit-test cli-test
	$(BUILD)/zdmemmap verify --cases 2000 --seed 1 >$(BUILD)/verify.log || \
		{ tail -n 40 $(BUILD)/verify.log; exit 1; }
	tail -n 1 $(BUILD)/verify.log
	$(BUILD)/zdmemmap verify --kernel 7.3 --cases 300 --seed 1 \
		>$(BUILD)/verify-7.3.log || \
		{ tail -n 40 $(BUILD)/verify-7.3.log; exit 1; }
	tail -n 1 $(BUILD)/verify-7.3.log
	@echo "make test: all passed"

# The series' experiment at full scale (see bench/RESULTS.md).
bench: deps-build
	$(MAKE) $(BUILD)/zdmemmap
	$(BUILD)/zdmemmap bench

clean:
	rm -rf $(BUILD)/obj $(BUILD)/tobj $(BUILD)/tests $(BUILD)/zdmemmap \
		$(BUILD)/zdmemmap-asan

-include $(wildcard vm/vm.mk)
-include fuzz/fuzz.mk
-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TLIB_OBJ:.o=.d) $(TCLI_OBJ:.o=.d)
