# Helpers for the package tests: a cached Debian root made by debootstrap,
# a disposable working copy of it, and chroot mounts that are always undone.
# Sourced by deb-install-test.sh and arm64-smoke.sh (bash, run as root).
#
# Environment:
#   FUMS_DEB_ROOT_CACHE    cache folder (default ${XDG_CACHE_HOME:-$HOME/.cache}/fums-deb-root)
#   FUMS_DEB_MIRROR        Debian mirror (default: the one apt uses, see debian_mirror)
#   FUMS_DEB_ROOT_REFRESH  1: make the cached root again
#   FUMS_DEB_NO_OVERLAY    1: copy the cached root instead of an overlay mount

DEB_SUITE=${DEB_SUITE:-bookworm}
DEB_VARIANT=minbase

log() { printf '[%s] %s\n' "${LOG_TAG:-deb-test}" "$*"; }
die() { printf '[%s] FAILED: %s\n' "${LOG_TAG:-deb-test}" "$*" >&2; exit 1; }

# The Debian mirror apt is configured with for $DEB_SUITE: deb822 *.sources
# stanzas, then one-line *.list entries; else deb.debian.org.
debian_mirror() {
  if [ -n "${FUMS_DEB_MIRROR:-}" ]; then echo "$FUMS_DEB_MIRROR"; return; fi
  local m=""
  shopt -s nullglob
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    m=$(awk -v suite="$DEB_SUITE" '
      function flush() { if (uris != "" && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " suite " ")) { split(uris, u, " "); print u[1]; found = 1; exit } uris = ""; suites = ""; types = "" }
      /^[ \t]*$/ { flush(); next }
      /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
      /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
      /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
      END { if (!found) flush() }' "$f")
    [ -n "$m" ] && break
  done
  if [ -z "$m" ]; then
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
      [ -f "$f" ] || continue
      m=$(awk -v suite="$DEB_SUITE" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ } if ($(i + 1) == suite) { print $i; exit } }' "$f")
      [ -n "$m" ] && break
    done
  fi
  shopt -u nullglob
  echo "${m:-http://deb.debian.org/debian}"
}

mirror_reachable() {
  wget -q --spider --timeout=15 --tries=2 "$1/dists/$DEB_SUITE/Release" 2>/dev/null \
    || curl -fsS -o /dev/null --max-time 15 "$1/dists/$DEB_SUITE/Release" 2>/dev/null
}

# cached_root ARCH PACKAGE...: prints the folder of a Debian root of
# $DEB_SUITE for ARCH with the packages installed, made by debootstrap on
# first use and cached under a key of suite, arch, variant and package list.
# Returns 3 (nothing printed) when it must be made and the mirror is not
# reachable. A foreign ARCH needs binfmt_misc with qemu-user-static.
cached_root() {
  local arch=$1; shift
  local pkgs key cache root mirror start secs
  pkgs=$(printf '%s\n' "$@" | sort -u | paste -sd, -)
  key="$DEB_SUITE-$arch-$DEB_VARIANT-$(printf '%s' "$pkgs" | sha256sum | cut -c1-12)"
  cache=${FUMS_DEB_ROOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/fums-deb-root}
  root="$cache/$key"
  mkdir -p "$cache"
  # One maker per key at a time.
  exec {lockfd}>"$cache/$key.lock"
  flock "$lockfd"
  if [ "${FUMS_DEB_ROOT_REFRESH:-0}" = 1 ] && [ -d "$root" ]; then
    log "FUMS_DEB_ROOT_REFRESH=1: making $root again" >&2
    rm -rf "$root"
  fi
  if [ -f "$root/.fums-root-complete" ]; then
    log "cached Debian root $root ($(cat "$root/.fums-root-complete"))" >&2
  else
    mirror=$(debian_mirror)
    if ! mirror_reachable "$mirror"; then
      log "Debian mirror $mirror not reachable ($mirror/dists/$DEB_SUITE/Release) and no cached root $root" >&2
      flock -u "$lockfd"; exec {lockfd}>&-
      return 3
    fi
    command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
    rm -rf "$root" "$root.tmp"
    log "debootstrap --variant=$DEB_VARIANT --arch=$arch --include=$pkgs $DEB_SUITE $root $mirror" >&2
    start=$(date +%s)
    if ! debootstrap --variant="$DEB_VARIANT" --arch="$arch" --include="$pkgs" \
        "$DEB_SUITE" "$root.tmp" "$mirror" > "$cache/$key.log" 2>&1; then
      tail -n 30 "$cache/$key.log" >&2
      # a failed debootstrap may leave its own mounts behind
      umount_below "$root.tmp"
      flock -u "$lockfd"; exec {lockfd}>&-
      die "debootstrap failed (log: $cache/$key.log)"
    fi
    umount_below "$root.tmp"
    # No daemons from package scripts in this root, ever.
    printf '#!/bin/sh\nexit 101\n' > "$root.tmp/usr/sbin/policy-rc.d"
    chmod 755 "$root.tmp/usr/sbin/policy-rc.d"
    rm -rf "$root.tmp/var/cache/apt/archives/"*.deb
    secs=$(( $(date +%s) - start ))
    echo "debootstrap $DEB_SUITE $arch [$pkgs] from $mirror in ${secs}s on $(date -u +%FT%TZ)" > "$root.tmp/.fums-root-complete"
    mv "$root.tmp" "$root"
    log "Debian root made in ${secs}s: $root" >&2
  fi
  flock -u "$lockfd"; exec {lockfd}>&-
  echo "$root"
}

# work_root CACHED WORKDIR: a disposable copy of CACHED at WORKDIR/root (an
# overlay mount when the kernel allows it, else a copy); sets WORK_ROOT.
work_root() {
  local cached=$1 work=$2
  drop_work_root "$work"
  mkdir -p "$work/upper" "$work/ovl" "$work/root"
  if [ "${FUMS_DEB_NO_OVERLAY:-0}" != 1 ] \
     && mount -t overlay overlay -o "lowerdir=$cached,upperdir=$work/upper,workdir=$work/ovl" "$work/root" 2>/dev/null; then
    WORK_ROOT_OVERLAY=1
  else
    WORK_ROOT_OVERLAY=0
    cp -a "$cached/." "$work/root/"
  fi
  WORK_ROOT="$work/root"
}

drop_work_root() {
  local work=$1
  [ -d "$work" ] || return 0
  umount_below "$work/root"
  if mountpoint -q "$work/root"; then umount "$work/root" || umount -l "$work/root"; fi
  rm -rf "$work/root" "$work/upper" "$work/ovl"
}

# mount_chroot ROOT: /proc, /sys, /dev, /dev/pts and /run (tmpfs) for a chroot.
mount_chroot() {
  local r=$1
  mkdir -p "$r/proc" "$r/sys" "$r/dev" "$r/run"
  mount -t proc proc "$r/proc"
  mount -t sysfs sysfs "$r/sys" 2>/dev/null || mount --rbind /sys "$r/sys" 2>/dev/null || true
  mount --bind /dev "$r/dev"
  mount --bind /dev/pts "$r/dev/pts" 2>/dev/null || true
  mount -t tmpfs tmpfs "$r/run"
}

# umount_below DIR: unmounts every mount point at or below DIR (deepest first),
# except DIR itself when it is the overlay of work_root.
umount_below() {
  local dir mp
  dir=$(readlink -f "$1" 2>/dev/null) || return 0
  [ -n "$dir" ] || return 0
  { awk '{ print $5 }' /proc/self/mountinfo | sed 's/\\040/ /g' | grep -E "^$dir/" | sort -r || true; } | while read -r mp; do
    umount "$mp" 2>/dev/null || umount -l "$mp" 2>/dev/null || log "could not unmount $mp" >&2
  done
  return 0
}
