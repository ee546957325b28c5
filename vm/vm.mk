# SPDX-License-Identifier: GPL-2.0
# VM harness targets, included by the top-level Makefile (paths relative to the repo root).
# KERNEL=6.12 (default: 6.12.118 + kernel/6.12/) or KERNEL=7.3 (7.3.4 +
# kernel/7.3/) picks the kernel for every target (vm/kernels.sh).
#
#   make kernel-check  each patch of the series: checkpatch --strict, a full kernel
#                   build, and the robot gate (GATE=0: none, GATE_ONLY="i386 ...": some
#                   configs, FROM=N: from patch N on; kernel/robot-gate.sh)
#   make gate-proof each breakage the robot gate is for, put back alone, must fail it (7.3)
#   make kunit      the KUnit suite as upstream runs it: kunit.py run --kunitconfig=mm/tests
#   make kernel-series  mail-ready patches in build/series-VER/, From: and Signed-off-by:
#                   the runner's git identity, no [DEBUG ONLY] patch (REROLL=N: "PATCH vN")
#   make kernel-newest can both series move to Debian's newest 6.12.y / 7.3.y?
#                   a report (build/newest/report.txt), not a failure
#   make vm-test    build kernel + initramfs, boot, run every case, fail on any problem
#   make vm-boot    boot A/B of deferred struct page init, every strategy (KERNEL=7.3)
#   make vm-fallback  the fallback case on a tracepoint kernel (build/kobj-trace)
#   make vm-free    (KERNEL=7.3) one-pass onlining's free on a kernel without
#                   DEBUG_VM (build/kobj-free73): it must skip __free_pages_prepare(),
#                   and with init_on_free=1 page_poison=1 run it for every chunk
#   make vm-debug   (7.3 unless KERNEL= is given) KASAN, lockdep + fault injection +
#                   CPU hotplug, and KCSAN kernels, each booted with every case
#                   (vm/debug-boots.sh; DEBUG_CONFIGS="kasan ..." DEBUG_ROUNDS=N)
#   make vm-bench   more rounds, a 16 GiB file-backed nvdimm (VM_NVDIMM_GIB)
#   make vm-shell   boot the same kernel with pmem attached, prompt on the terminal
# Knobs: VM_ROUNDS=N VM_CASES=a,b VM_TIMEOUT=SEC VM_VERIFY=0|1 VM_THREADS=T VM_MT_MIN_PAGES=P VM_PRIVATE_MB=M
#        VM_NVDIMM_GIB=G (bench), JOBS=N (kernel build parallelism)

KERNEL ?= 6.12
export ZDM_KERNEL := $(KERNEL)
# the object dir of the fallback kernel, per release
vm_trace_obj = build/kobj-trace$(if $(filter 7.3,$(KERNEL)),73)

VM_ROUNDS ?=
VM_CASES ?=
VM_TIMEOUT ?=
VM_VERIFY ?=
VM_THREADS ?=
VM_MT_MIN_PAGES ?=
VM_PRIVATE_MB ?=
VM_NVDIMM_GIB ?= 16

vm_run_args = $(if $(VM_ROUNDS),--rounds $(VM_ROUNDS)) \
	$(if $(VM_CASES),--cases $(VM_CASES)) \
	$(if $(VM_TIMEOUT),--timeout $(VM_TIMEOUT)) \
	$(if $(VM_VERIFY),--verify $(VM_VERIFY)) \
	$(if $(VM_THREADS),--threads $(VM_THREADS)) \
	$(if $(VM_MT_MIN_PAGES),--mt-min-pages $(VM_MT_MIN_PAGES)) \
	$(if $(VM_PRIVATE_MB),--private-mb $(VM_PRIVATE_MB))

.PHONY: kernel-check gate-proof kunit kernel-series kernel-newest vm-kernel vm-initramfs vm-fallback vm-free vm-debug vm-test vm-boot vm-bench vm-shell vm-report vm-clean vm-distclean

# Always invoked: the script itself decides what is stale (patch series,
# fragment, then kbuild + ccache for the objects).
vm-kernel:
	vm/build-kernel.sh

# Every patch of the series, in order: checkpatch --strict, a kernel build,
# then the robot gate's configs (GATE, GATE_ONLY, FROM reach it from the
# command line).
kernel-check:
	kernel/check-series.sh

gate-proof:
	kernel/gate-proof.sh

# tools/testing/kunit/kunit.py run --kunitconfig=mm/tests --arch=x86_64 in
# the series' tree, its kernel in build/kunit-VER/.
kunit:
	kernel/kunit.sh

# What a submitter sends (kernel/post-series.sh); it refuses without their
# own git identity.
kernel-series:
	kernel/post-series.sh

# Not KERNEL-dependent: it looks at both (NEWEST_ARGS=--no-build: compare
# the sources only; NEWEST_ARGS="--version V 6.12": one exact version).
NEWEST_ARGS ?=
kernel-newest:
	vm/newest.sh $(NEWEST_ARGS)

vm-initramfs: vm-kernel
	vm/build-initramfs.sh

vm-test: vm-initramfs
	vm/run-vm.sh --mode test $(vm_run_args)

# Deferred struct page init at boot, per strategy (7.3: the debug patch's
# memmap_init_strategy= boot parameter).
vm-boot: vm-initramfs
	vm/run-vm.sh --mode boot $(vm_run_args)

vm-bench: vm-initramfs
	vm/run-vm.sh --mode bench --nvdimm-gib $(VM_NVDIMM_GIB) $(vm_run_args)

# The fallback case on a second kernel (build/kobj-trace) that has the
# page_ref_set tracepoint; see vm/kconfig.trace for why not the main one.
VM_TRACE_ENV = ZDM_KOBJ=$(vm_trace_obj) ZDM_KCONFIG_EXTRA=vm/kconfig.trace

vm-fallback: vm-initramfs
	$(VM_TRACE_ENV) vm/build-kernel.sh
	$(VM_TRACE_ENV) vm/run-vm.sh --mode test --cases fallback \
		$(if $(VM_ROUNDS),--rounds $(VM_ROUNDS))

# One-pass onlining's free both ways (7.3, issue 19), on its own kernel:
# the hotplug cases and KUnit, then the same with the boot options under
# which the free must prepare every chunk (the guest also allocates from
# the onlined blocks there, which page_poison checks).
VM_FREE_ENV = ZDM_KOBJ=build/kobj-free73 ZDM_KCONFIG_EXTRA=vm/kconfig.free
VM_FREE_CASES = hotplug,hotplug-mom,hotplug-dimm

vm-free: vm-initramfs
	@[ "$(KERNEL)" = 7.3 ] || { echo "vm-free: KERNEL=7.3 (the one-pass patches)" >&2; exit 2; }
	$(VM_FREE_ENV) vm/build-kernel.sh
	$(VM_FREE_ENV) vm/run-vm.sh --mode test --cases $(VM_FREE_CASES) \
		--name prepared --append zdm.expect_free=skipped \
		$(if $(VM_ROUNDS),--rounds $(VM_ROUNDS))
	$(VM_FREE_ENV) vm/run-vm.sh --mode test --cases $(VM_FREE_CASES) \
		--name debug-free \
		--append "init_on_free=1 page_poison=1 zdm.expect_free=run" \
		$(if $(VM_ROUNDS),--rounds $(VM_ROUNDS))

# The debug-config boots of the 7.3 series (issue 17): each kernel has its own
# object dir and initramfs; build/vm/debug-summary.txt has the verdicts.
vm-debug:
	ZDM_KERNEL=$(if $(filter command line environment,$(origin KERNEL)),$(KERNEL),7.3) \
		vm/debug-boots.sh

vm-shell: vm-initramfs
	vm/run-vm.sh --mode shell $(vm_run_args)

# Re-check and re-print the last log without booting again (VM_LOG=bench for vm-bench).
vm-report:
	python3 vm/report.py build/vm/$(or $(VM_LOG),test).log

vm-clean:
	rm -rf build/vm build/initramfs build/initramfs-* build/initramfs*.cpio.gz build/modules \
		build/modules-*

# Also drops the kernel tree and objects (the next build is cold, ccache warm).
vm-distclean: vm-clean
	rm -rf build/linux-[0-9]* build/kobj build/kobj-trace build/kobj-newest-* \
		build/kobj73 build/kobj-trace73 build/kobj*-kasan build/kobj*-lockdep \
		build/kobj*-kcsan build/.zdm-series*.stamp \
		build/.zdm-config-*.stamp build/.zdm-fragment-* build/src build/apt \
		build/newest
