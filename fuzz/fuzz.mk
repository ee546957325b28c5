# SPDX-License-Identifier: GPL-2.0
# libFuzzer harnesses (fuzz/README.md), included by the top-level Makefile.
#
#   make fuzz        build every harness, run each for FUZZ_SECONDS
#   make fuzz-build  build only: build/fuzz/NAME for NAME in FUZZ_TARGETS
#
# A harness NAME is fuzz/fuzz_NAME.c (it must not define main: libFuzzer
# brings its own) linked against all of LIB_SRC, built with the same flags
# into build/fuzz/libzdm.a.  One that needs more sources lists them all in
# FUZZ_SRC_NAME (see plan below).  A symbol the harness defines itself
# replaces the archive's (fuzz_plan.c's sysmem.c functions).  Its seeds go
# in fuzz/corpus/NAME/ (optional).  Runs add what they find
# to build/fuzz/corpus-NAME/ and leave crashes in build/fuzz/crash-NAME/;
# the corpus in the repository is only read.

FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 20
FUZZ_PKGS    := clang libclang-rt-14-dev
FUZZ_TARGETS := numbers kconfig plan
FUZZ_DIR     := $(BUILD)/fuzz

FUZZ_SRC_numbers := fuzz/fuzz_numbers.c
FUZZ_SRC_kconfig := fuzz/fuzz_kconfig.c
FUZZ_SRC_plan    := fuzz/fuzz_plan.c lab/cli/dump_plan.c \
		    lab/cli/bench_options.c lab/cli/args.c

# The streaming-store checker is compiled in, as in the unit tests.
FUZZ_CFLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	       -fno-sanitize-recover=all -fno-omit-frame-pointer \
	       -Wall -Wextra -Wno-unused-parameter \
	       -Wno-missing-field-initializers -MMD -MP -DZDM_NT_CHECK
FUZZ_RUN_FLAGS := -timeout=10 -rss_limit_mb=2048

fuzz_src = $(or $(FUZZ_SRC_$(1)),fuzz/fuzz_$(1).c)
fuzz_obj = $(patsubst %.c,$(FUZZ_DIR)/obj/%.o,$(1))

FUZZ_LIB      := $(FUZZ_DIR)/libzdm.a
FUZZ_LIB_OBJ  := $(call fuzz_obj,$(filter-out %/main.c,$(LIB_SRC)))
FUZZ_BINS     := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/%)
FUZZ_ALL_OBJ  := $(FUZZ_LIB_OBJ) \
		 $(foreach t,$(FUZZ_TARGETS),$(call fuzz_obj,$(call fuzz_src,$(t))))

.PHONY: fuzz fuzz-build fuzz-deps

fuzz-deps:
	@scripts/need-pkgs.sh $(FUZZ_PKGS)

# Order-only: clang is checked first, but its check rebuilds nothing.
$(FUZZ_DIR)/obj/%.o: %.c | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(INCLUDES) -c $< -o $@

# core/ with the kernel headers the lab supplies, as in the Makefile
$(FUZZ_DIR)/obj/core/%.o: core/%.c | fuzz-deps
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -I$(CORE_SHIM) $(INCLUDES) -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

define fuzz_link_rule
$(FUZZ_DIR)/$(1): $(call fuzz_obj,$(call fuzz_src,$(1))) $(FUZZ_LIB) | fuzz-deps
	$$(FUZZ_CC) $$(FUZZ_CFLAGS) $$^ -o $$@ $$(LDLIBS)
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_link_rule,$(t))))

fuzz-build: $(FUZZ_BINS)

# Every harness runs, even after one has failed; then any failure fails.
fuzz: fuzz-build
	@failed=; for t in $(FUZZ_TARGETS); do \
		seeds=fuzz/corpus/$$t; [ -d $$seeds ] || seeds=; \
		mkdir -p $(FUZZ_DIR)/corpus-$$t $(FUZZ_DIR)/crash-$$t; \
		echo "== fuzz $$t: $(FUZZ_SECONDS) s"; \
		$(FUZZ_DIR)/$$t -max_total_time=$(FUZZ_SECONDS) \
			$(FUZZ_RUN_FLAGS) \
			-artifact_prefix=$(FUZZ_DIR)/crash-$$t/ \
			$(FUZZ_DIR)/corpus-$$t $$seeds || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "make fuzz: FAILED:$$failed (inputs in $(FUZZ_DIR)/crash-*/)"; \
		exit 1; \
	fi; \
	echo "make fuzz: all passed"

-include $(FUZZ_ALL_OBJ:.o=.d)

.PHONY: fuzz-clean
fuzz-clean:
	rm -rf $(FUZZ_DIR)
