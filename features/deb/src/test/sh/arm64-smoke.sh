#!/usr/bin/env bash
# Starts the FUMS-DCU distribution on an arm64 Java 17 (Debian's
# openjdk-17-jre-headless:arm64) under qemu user emulation and checks that
# every bundle is active (state=up), then stops it with SIGTERM (exit 0).
# Not part of `mvn verify` (minutes, not seconds: see docs/install.md).
#
#   arm64-smoke.sh [--arch arm64|armhf] [--work DIR] [--keep] [--no-binfmt] [DIST]
#
# --arch armhf does the same for 32-bit ARM (Debian armhf, ARMv7) with qemu-arm.
#
# DIST: the distribution fums-dcu-<version>.tar.gz or its unpacked folder
# (default: features/dcu/target/fums-dcu-*.tar.gz of this repository).
#
# Two ways, chosen automatically:
#  binfmt   binfmt_misc runs arm64 ELF files through qemu-aarch64-static:
#           debootstrap --arch=arm64 makes a complete arm64 Debian 12 root
#           (cached, see debian-root.sh), and the DCU runs in it by chroot:
#           bash, the start script and Java are all arm64.
#  direct   binfmt_misc is refused: debootstrap --foreign (no arm64 code is
#           run), the downloaded packages are unpacked with dpkg-deb -x, and
#           the arm64 java binary is run as `qemu-aarch64-static -L ROOT java`
#           from the (host) start script. --no-binfmt forces this way.
#
# Needs root, qemu-user-static (and binfmt-support for the binfmt way),
# debootstrap, and the Debian mirror for the first run.
set -Eeuo pipefail
trap 'rc=$?; [ "$BASH_SUBSHELL" = 0 ] && printf "[%s] FAILED: line %s: %s (exit %s)\n" "$LOG_TAG" "$LINENO" "$BASH_COMMAND" "$rc" >&2' ERR

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../../../.." && pwd)
LOG_TAG=arm64
arch=arm64
# shellcheck source=debian-root.sh
source "$here/debian-root.sh"

work=""
keep=0
mode=auto
dist=""
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-binfmt) mode=direct; shift ;;
    --arch) arch=$2; shift 2 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) dist=$1; shift ;;
  esac
done
case "$arch" in
  arm64) qemu=aarch64; elf_machine=b700; jvm=java-17-openjdk-arm64; small_dirs=0 ;;
  # A 32-bit guest under qemu-user cannot list folders of a 64-bit ext4 or
  # overlay file system (64-bit directory offsets: readdir fails with
  # EOVERFLOW, so java's "lib/*" class path comes out empty). That is an
  # emulation artefact, not a Pi's: the DCU's folders go on a tmpfs here.
  armhf) qemu=arm; elf_machine=2800; jvm=java-17-openjdk-armhf; small_dirs=1 ;;
  *) die "--arch: arm64 or armhf, not $arch" ;;
esac
LOG_TAG=$arch
work=${work:-$PWD/target/$arch-smoke}
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
if [ -z "$dist" ]; then
  dist=$(ls -t "$repo"/features/dcu/target/fums-dcu-*.tar.gz 2>/dev/null | head -n1 || true)
  [ -n "$dist" ] || die "no distribution: build it (mvn -B package -pl features/dcu -am -DskipTests) or pass its path"
fi
[ -e "$dist" ] || die "no such distribution: $dist"
dist=$(readlink -f "$dist")
command -v "qemu-$qemu-static" >/dev/null || die "qemu-$qemu-static missing: apt-get install qemu-user-static binfmt-support"
log "host $(uname -m), $("qemu-$qemu-static" --version | head -n1)"
elf() { od -An -tx1 -j18 -N2 "$1" | tr -d ' ' | sed "s/^$elf_machine\$/ELF $arch/"; }
log "distribution $dist"

# --- can the kernel run $arch ELF files through qemu (binfmt_misc)?
binfmt=/proc/sys/fs/binfmt_misc
binfmt_ok() { [ -f "$binfmt/qemu-$qemu" ] && head -n1 "$binfmt/qemu-$qemu" | grep -qx enabled; }
if [ "$mode" = auto ]; then
  if ! binfmt_ok; then
    if [ ! -f "$binfmt/status" ]; then
      log "binfmt_misc not mounted: mount -t binfmt_misc binfmt_misc $binfmt"
      out=$(mount -t binfmt_misc binfmt_misc "$binfmt" 2>&1) || log "REFUSED: mount -t binfmt_misc binfmt_misc $binfmt: ${out:-exit $?}"
    fi
    if [ -f "$binfmt/qemu-$qemu" ] && ! binfmt_ok; then
      log "qemu-$qemu registered but disabled: echo 1 > $binfmt/qemu-$qemu"
      out=$( (echo 1 > "$binfmt/qemu-$qemu") 2>&1) || log "REFUSED: echo 1 > $binfmt/qemu-$qemu: ${out:-exit $?}"
    fi
    if [ -f "$binfmt/status" ] && ! binfmt_ok; then
      if command -v update-binfmts >/dev/null; then
        log "update-binfmts --enable qemu-$qemu"
        out=$(update-binfmts --enable "qemu-$qemu" 2>&1) || log "REFUSED: update-binfmts --enable qemu-$qemu: ${out:-exit $?}"
      else
        log "update-binfmts missing (apt-get install binfmt-support)"
      fi
    fi
  fi
  if binfmt_ok; then
    mode=binfmt
    log "binfmt_misc: qemu-$qemu $(tr '\n' ' ' < "$binfmt/qemu-$qemu" | sed 's/magic.*//')"
  else
    mode=direct
    log "binfmt_misc cannot run $arch programs here: falling back to qemu-$qemu-static -L ROOT java"
  fi
fi

t_all=$(date +%s)
mkdir -p "$work"
work=$(readlink -f "$work")
R=""
dcu_pid=""
cleanup() {
  local rc=$?
  if [ -n "$dcu_pid" ] && kill -0 "$dcu_pid" 2>/dev/null; then kill -KILL "$dcu_pid" 2>/dev/null || true; fi
  if [ -n "$R" ]; then
    local p
    for p in /proc/[0-9]*; do
      [ "$(readlink "$p/root" 2>/dev/null)" = "$R" ] && kill -KILL "${p#/proc/}" 2>/dev/null || true
    done
    umount_below "$R"
  fi
  if [ "$mode" = direct ]; then
    for p in "$work/dist" "$work/data"; do mountpoint -q "$p" && umount "$p"; done
  elif [ $keep = 0 ]; then
    drop_work_root "$work"
  fi
  [ $rc = 0 ] || log "logs in $work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t=$(date +%s)
if [ "$mode" = binfmt ]; then
  rc=0
  cached=$(cached_root "$arch" openjdk-17-jre-headless) || rc=$?
  [ $rc = 0 ] || die "no $arch Debian root (mirror $(debian_mirror) unreachable and nothing cached)"
  t_root=$(( $(date +%s) - t ))
  work_root "$cached" "$work"
  R=$WORK_ROOT
  mount_chroot "$R"
  mkdir -p "$R/opt/fums-dcu" "$R/var/lib/fums-dcu"
  if [ "$small_dirs" = 1 ]; then
    log "32-bit guest: /opt/fums-dcu and /var/lib/fums-dcu on tmpfs (readdir under qemu-$qemu)"
    mount -t tmpfs -o size=256m tmpfs "$R/opt/fums-dcu"
    mount -t tmpfs -o size=256m tmpfs "$R/var/lib/fums-dcu"
  fi
  if [ -d "$dist" ]; then cp -a "$dist/." "$R/opt/fums-dcu/"; else tar -xzf "$dist" -C "$R/opt/fums-dcu" --strip-components=1; fi
  log "machine in the root: $(chroot "$R" uname -m); $(chroot "$R" /bin/bash -c 'echo bash $BASH_VERSION') ($(elf "$R/bin/bash"))"
  java_bin=/usr/lib/jvm/$jvm/bin/java
  log "java: $(chroot "$R" "$java_bin" -version 2>&1 | tr '\n' ' ')"
  log "java os.arch=$(chroot "$R" "$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *os.arch = //p')"
  data_host="$R/var/lib/fums-dcu"
  start=(chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
         FUMS_DATA=/var/lib/fums-dcu /opt/fums-dcu/bin/fums-dcu)
else
  # first stage only: nothing of $arch is executed; then unpack every package
  # debootstrap downloaded (required ones and openjdk-17-jre-headless with its
  # dependencies) into the root.
  cache=${FUMS_DEB_ROOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fums-deb-root}
  R="$cache/$DEB_SUITE-$arch-foreign-openjdk-17-jre-headless"
  if [ ! -f "$R/.fums-root-complete" ]; then
    mirror=$(debian_mirror)
    mirror_reachable "$mirror" || die "mirror $mirror unreachable and no cached $R"
    rm -rf "$R"
    log "debootstrap --foreign --variant=$DEB_VARIANT --arch=$arch --include=openjdk-17-jre-headless $DEB_SUITE $R $mirror"
    debootstrap --foreign --variant="$DEB_VARIANT" --arch="$arch" --include=openjdk-17-jre-headless \
      "$DEB_SUITE" "$R" "$mirror" > "$cache/$arch-foreign.log" 2>&1 || { tail -n 20 "$cache/$arch-foreign.log"; die "debootstrap --foreign failed"; }
    for d in "$R"/var/cache/apt/archives/*.deb; do dpkg-deb -x "$d" "$R"; done
    rm -f "$R"/var/cache/apt/archives/*.deb
    echo "debootstrap --foreign + dpkg-deb -x in $(( $(date +%s) - t ))s" > "$R/.fums-root-complete"
  fi
  t_root=$(( $(date +%s) - t ))
  R_direct=$R
  R=""   # nothing mounted, nothing to kill by root
  for p in "$work/dist" "$work/data"; do mountpoint -q "$p" && umount "$p"; done
  rm -rf "$work/dist" "$work/jre-wrapper" "$work/data"
  mkdir -p "$work/dist" "$work/data" "$work/jre-wrapper/bin"
  if [ "$small_dirs" = 1 ]; then
    log "32-bit guest: $work/dist and $work/data on tmpfs (readdir under qemu-$qemu)"
    mount -t tmpfs -o size=256m tmpfs "$work/dist"
    mount -t tmpfs -o size=256m tmpfs "$work/data"
  fi
  if [ -d "$dist" ]; then cp -a "$dist/." "$work/dist/"; else tar -xzf "$dist" -C "$work/dist" --strip-components=1; fi
  java_real="$R_direct/usr/lib/jvm/$jvm/bin/java"
  [ -x "$java_real" ] || die "no $arch java in $R_direct"
  log "java binary: $(elf "$java_real") $java_real"
  # bin/fums-dcu runs $JAVA_HOME/bin/java: make that the emulated $arch java
  printf '#!/bin/sh\nexec qemu-%s-static -L %s %s "$@"\n' "$qemu" "$R_direct" "$java_real" > "$work/jre-wrapper/bin/java"
  chmod 755 "$work/jre-wrapper/bin/java"
  log "java: $("$work/jre-wrapper/bin/java" -version 2>&1 | tr '\n' ' ')"
  log "java os.arch=$("$work/jre-wrapper/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *os.arch = //p')"
  data_host="$work/data"
  start=(env JAVA_HOME="$work/jre-wrapper" FUMS_DATA="$work/data" "$work/dist/bin/fums-dcu")
fi

# --- start, wait for up, stop
status_file="$data_host/run/status.properties"
prop() { if [ -f "$status_file" ]; then sed -n "s/^$1=//p" "$status_file" | tail -n1; fi; }
rm -f "$status_file"
log "start ($mode): ${start[*]}"
t=$(date +%s)
"${start[@]}" > "$work/dcu.log" 2>&1 &
dcu_pid=$!
state=""
deadline=$(( $(date +%s) + ${FUMS_ARM64_TIMEOUT:-900} ))
while :; do
  state=$(prop state)
  case "$state" in up|degraded) break ;; esac
  kill -0 "$dcu_pid" 2>/dev/null || { cat "$work/dcu.log"; die "the DCU exited before it was up"; }
  [ "$(date +%s)" -lt "$deadline" ] || { cat "$work/dcu.log"; die "not up after ${FUMS_ARM64_TIMEOUT:-900} s (state '$state')"; }
  sleep 1
done
t_up=$(( $(date +%s) - t ))
grep -E 'FUMS-DCU|ERROR|WARN' "$work/dcu.log" | sed 's/^/  | /' || true
log "status: $(grep -E '^(state|bundles\.|startupMillis|heap)' "$status_file" | tr '\n' ' ')"
[ "$state" = up ] || die "state=$state, not active: $(prop bundles.notActive)"
[ -z "$(prop bundles.notActive)" ] || die "bundles not active: $(prop bundles.notActive)"
java_pid=$(prop pid)
total=$(prop bundles.total)
log "java pid $java_pid: $(tr '\0' ' ' < "/proc/$java_pid/cmdline" | cut -c1-160)..."
natives=$(grep -oE '[^/ ]*(sqlitejdbc|jSerialComm)[^/ ]*\.so' "/proc/$java_pid/maps" 2>/dev/null | sort -u | tr '\n' ' ' || true)
log "native libraries mapped by the DCU: ${natives:-none (no bundle has loaded one yet)}"
errors=$(grep -c ' ERROR ' "$work/dcu.log" || true)
[ "$errors" = 0 ] || log "WARNING: $errors ERROR lines in the DCU log (above)$([ "$mode" = direct ] && echo "; without binfmt, programs the JVM starts (uname) do not run as $arch: native-library selection may fail")"
kill -TERM "$java_pid"
rc=0
wait "$dcu_pid" || rc=$?
dcu_pid=""
[ $rc = 0 ] || { tail -n 20 "$work/dcu.log"; die "exit $rc after SIGTERM"; }
log "SIGTERM: exit 0, state=$(prop state)"
log "PASSED ($mode): all $total bundles active on $arch Java 17 under qemu; up after ${t_up}s wall clock; root ${t_root}s; total $(( $(date +%s) - t_all ))s"
