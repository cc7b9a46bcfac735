#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot one kernel under QEMU with a plan (a shell script run by the guest's
# init), stop it at a timeout, keep its console log and its KTAP output.
# Usage: boot.sh VARIANT CONFIG OUTDIR NAME PLANFILE
# Environment: ACCEL (tcg|kvm|auto), BOOT_TIMEOUT (s), INIT_TIMEOUT (s
# to reach init, else one more boot), SMP, MEM,
#   DETERMINISTIC=1 (instruction counting, DESIGN.md section 5) with
#   RTC_BASE (the seed), EXTRA_CMDLINE, QEMU_PIN (a command prefix, for
#   example "taskset -c 1").
# Prints DONE, TIMEOUT or CRASHED; exit 0 only for DONE.
. "$(dirname "$0")/lib.sh"

[ $# -eq 5 ] || die "usage: boot.sh VARIANT CONFIG OUTDIR NAME PLANFILE"
V=$1 C=$2 OUT=$3 NAME=$4 PLAN=$5
check_variant "$V"
check_config "$C"
OBJ=$(objdir "$V" "$C")
case "$HARCH" in
arm64) KERNEL=$OBJ/arch/arm64/boot/Image QEMU=qemu-system-aarch64 ;;
*) KERNEL=$OBJ/arch/x86/boot/bzImage QEMU=qemu-system-x86_64 ;;
esac
[ -f "$OBJ/commit" ] && [ -f "$KERNEL" ] && [ -f "$OBJ/initramfs.cpio" ] ||
	die "kernel $V/$C is not built (no finished build, $(basename "$KERNEL") or initramfs in $OBJ)"
[ -f "$PLAN" ] || die "no plan file $PLAN"
need_tools $QEMU cpio timeout
TIMEOUT=${BOOT_TIMEOUT:-300}
mkdir -p "$OUT"
CON=$OUT/$NAME.console.log
KTAP=$OUT/$NAME.ktap

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The initramfs of the kernel plus a cpio with this boot's /plan.
make_initrd() {
	mkdir -p "$TMP/p"
	install -m 644 "$PLAN" "$TMP/p/plan"
	# The same bytes for the same plan (fixed time, no host inode
	# numbers): unpacking it must cost the guest the same every boot.
	touch -h -d @1767225600 "$TMP/p/plan"
	(cd "$TMP/p" && echo plan | cpio -o -H newc --quiet -R 0:0 --reproducible) >"$TMP/plan.cpio"
	cat "$OBJ/initramfs.cpio" "$TMP/plan.cpio" >"$TMP/initrd"
}

# run_qemu ACCEL CONSOLE KTAP TIMEOUT
run_qemu() {
	local accel=$1 con=$2 ktap=$3 t=$4 cmdline opts

	cmdline="console=ttyS0 panic=-1 nokaslr loglevel=7 ${EXTRA_CMDLINE:-}"
	opts="-accel $accel -cpu qemu64 -smp ${SMP:-2} -m ${MEM:-1G}"
	if [ "${DETERMINISTIC:-0}" = 1 ]; then
		opts="-accel tcg -icount shift=0,sleep=off -cpu qemu64 -smp ${SMP:-1} -m ${MEM:-1G}"
		opts="$opts -rtc base=${RTC_BASE:-2026-01-01T00:00:00},clock=vm"
	fi
	if [ "$HARCH" = arm64 ]; then
		# virt has one UART (the console); the KTAP goes to a virtio
		# console, /dev/hvc0 in the guest.
		cmdline="console=ttyAMA0 panic=-1 nokaslr loglevel=7 ${EXTRA_CMDLINE:-}"
		# shellcheck disable=SC2086
		timeout --foreground -k 10 "$t" ${QEMU_PIN:-} $QEMU \
			-M virt -cpu cortex-a57 -accel tcg -smp ${SMP:-2} -m ${MEM:-1G} \
			-no-reboot -display none -monitor none -nodefaults \
			-serial "file:$con" -device virtio-serial-device \
			-chardev "file,id=ktap,path=$ktap" -device virtconsole,chardev=ktap \
			-kernel "$KERNEL" -initrd "$TMP/initrd" -append "$cmdline" \
			</dev/null >"$con.qemu" 2>&1
		return
	fi
	# shellcheck disable=SC2086
	timeout --foreground -k 10 "$t" ${QEMU_PIN:-} $QEMU $opts \
		-M pc -no-reboot -display none -monitor none -nodefaults \
		-serial "file:$con" -serial "file:$ktap" \
		-kernel "$KERNEL" -initrd "$TMP/initrd" -append "$cmdline" \
		</dev/null >"$con.qemu" 2>&1
}

# KVM only where a probe boot of this kernel reaches init (on a PVM host
# /dev/kvm opens but the guest hangs before printing anything).
pick_accel() {
	local probe=$OBJ/kvm-probe

	case "${ACCEL:-tcg}" in
	tcg) echo tcg; return ;;
	*) [ "$HARCH" = x86_64 ] || die "ACCEL=${ACCEL}: only TCG for ARCH=$HARCH" ;;
	esac
	case "${ACCEL:-tcg}" in
	kvm|auto) ;;
	*) die "ACCEL must be tcg, kvm or auto" ;;
	esac
	if [ ! -f "$probe" ] || [ "$probe" -ot "$KERNEL" ]; then
		echo tcg >"$probe"
		if [ ! -r /dev/kvm ]; then
			echo "no /dev/kvm on this host" >"$OBJ/kvm-probe.console.log"
		elif run_qemu kvm "$TMP/probe.log" "$TMP/probe.ktap" 60 &&
		     grep -q 'vmgfp: init reached' "$TMP/probe.log"; then
			echo kvm >"$probe"
		else
			cat "$TMP/probe.log" "$TMP/probe.log.qemu" \
				>"$OBJ/kvm-probe.console.log" 2>/dev/null || true
		fi
		log "$V/$C: KVM probe boot: $(cat "$probe") (log: $OBJ/kvm-probe.console.log)"
	fi
	[ "${ACCEL}" = kvm ] && [ "$(cat "$probe")" != kvm ] &&
		die "ACCEL=kvm: the KVM probe boot of $V/$C did not reach init (see $OBJ/kvm-probe.console.log)"
	cat "$probe"
}

make_initrd
accel=$(pick_accel) || exit 1
[ "${DETERMINISTIC:-0}" = 1 ] && accel=tcg
rc=0
# The guest's host CPU time (QEMU's user and system seconds) beside the
# wall time: on a loaded host the wall time says little.
TIMEFORMAT='%R %U %S'
# boot_once: one boot, watched. A guest that has not reached init after
# INIT_TIMEOUT seconds (default 300; it takes 15 to 60 on a loaded
# 2-core host) is stopped: TCG guests have been seen to stall in early
# boot with both vCPUs spinning (2026-12-03, stock, 11.8 s of guest
# time, before any test), which would otherwise hold a boot slot for the
# whole BOOT_TIMEOUT. Sets rc; "stalled" in $TMP/stalled if it was that.
boot_once() {
	local qpid t0=$SECONDS

	rm -f "$TMP/stalled"
	run_qemu "$accel" "$CON" "$KTAP" "$TIMEOUT" &
	qpid=$!
	while kill -0 "$qpid" 2>/dev/null; do
		sleep 2
		if [ $((SECONDS - t0)) -ge "${INIT_TIMEOUT:-300}" ] &&
		   ! grep -q 'vmgfp: init reached' "$CON" 2>/dev/null; then
			echo stalled >"$TMP/stalled"
			pkill -f -- "$TMP/initrd" 2>/dev/null || true
			break
		fi
	done
	rc=0
	wait "$qpid" || rc=$?
}
{ time boot_once; } 2>"$TMP/time"
if [ -f "$TMP/stalled" ]; then
	# Once more, the stalled console log kept beside the new one.
	log "$V/$C: $NAME: no init after ${INIT_TIMEOUT:-300} s, stopped; booting once more (log kept: $CON.stalled)"
	mv "$CON" "$CON.stalled"
	{ time boot_once; } 2>"$TMP/time"
fi
read -r wall user sys <<<"$(tail -n 1 "$TMP/time")" || true
tr -d '\r' <"$KTAP" >"$KTAP.tmp" && mv "$KTAP.tmp" "$KTAP"
if [ -f "$TMP/stalled" ]; then
	status=TIMEOUT
elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
	status=TIMEOUT
elif grep -q 'vmgfp: plan done' "$CON"; then
	status=DONE
else
	status=CRASHED
fi
echo "$status accel=$accel rc=$rc wall=${wall:-?} cpu=$(awk -v u="${user:-0}" -v s="${sys:-0}" 'BEGIN { printf "%.1f", u + s }')" >"$OUT/$NAME.status"
echo "$status"
[ "$status" = DONE ]
