#!/usr/bin/env bash
# Installs the fums-dcu .deb into a Debian 12 root made on this machine and
# checks it end to end (CARD-3):
#
#   dpkg -i            files, owner and modes, user fums in dialout, state
#                      folder fums:fums 0750, conffiles, systemd unit enabled
#   run                the DCU as user fums with the unit's Environment= and
#                      ExecStart= (runuser in the chroot, no systemd): state=up,
#                      every bundle active; SIGTERM -> exit 0
#   operator edits     a conffile (jvm.options), a marker in /var/lib/fums-dcu/deploy
#   upgrade            a newer version (same content, one untouched conffile
#                      changed): edits, marker and state survive, the untouched
#                      conffile is updated, no prompt; the DCU starts with the edit
#   with systemd       from the upgrade on, /run/systemd/system exists and a
#                      stand-in systemctl records the calls: stop, daemon-reload, start
#   remove, reinstall  remove keeps configuration and state, a reinstall uses them
#   purge              leaves nothing: files, state, configuration, user, unit links
#
#   deb-install-test.sh [--work DIR] [--keep] DEB-OR-FOLDER [NEWER-DEB]
#
# DEB-OR-FOLDER: the .deb, or the folder holding fums-dcu_*_all.deb (the
# newest is taken). NEWER-DEB: the upgrade (default: DEB repacked with version
# <version>+upgradetest). --work: working folder (default ./target/deb-it).
# --keep: leave the root and logs in the working folder.
#
# The Debian root (bookworm, minbase, + adduser openjdk-17-jre-headless) is
# made once by debootstrap and cached, see debian-root.sh; each run works on
# an overlay (or a copy) of it. Needs root, debootstrap, and the mirror apt
# uses for the first run. Skips, saying why, without root or when the mirror
# is unreachable and nothing is cached. Exit 0 passed or skipped, 1 failed.
set -Eeuo pipefail
trap 'rc=$?; [ "$BASH_SUBSHELL" = 0 ] && printf "[deb-test] FAILED: line %s: %s (exit %s)\n" "$LINENO" "$BASH_COMMAND" "$rc" >&2' ERR

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LOG_TAG=deb-test
# shellcheck source=debian-root.sh
source "$here/debian-root.sh"

work="$PWD/target/deb-it"
keep=0
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) args+=("$1"); shift ;;
  esac
done
[ ${#args[@]} -ge 1 ] || die "usage: $0 [--work DIR] [--keep] DEB-OR-FOLDER [NEWER-DEB]"

if [ "$(id -u)" != 0 ]; then
  log "SKIPPED: the package test needs root (debootstrap, chroot, mount); run as root to test the .deb"
  exit 0
fi
for tool in dpkg-deb chroot mount; do
  command -v "$tool" >/dev/null || die "$tool is missing"
done

deb=${args[0]}
if [ -d "$deb" ]; then
  deb=$(ls -t "$deb"/fums-dcu_*_all.deb 2>/dev/null | head -n1 || true)
  [ -n "$deb" ] || die "no fums-dcu_*_all.deb in ${args[0]} (run mvn package first)"
fi
[ -f "$deb" ] || die "no such package: $deb"
deb=$(readlink -f "$deb")
newer=${args[1]:-}
version=$(dpkg-deb -f "$deb" Version)
log "package $deb (version $version)"

t_all=$(date +%s)
t=$(date +%s)
arch=$(dpkg --print-architecture)
rc=0
cached=$(cached_root "$arch" adduser openjdk-17-jre-headless) || rc=$?
if [ $rc = 3 ]; then
  log "SKIPPED: no Debian root: the mirror $(debian_mirror) cannot be reached and none is cached (set FUMS_DEB_MIRROR, or run once with network)"
  exit 0
fi
[ $rc = 0 ] || die "no Debian root"
t_root=$(( $(date +%s) - t ))

mkdir -p "$work"
work=$(readlink -f "$work")
R=""
dcu_pid=""
cleanup() {
  local rc=$?
  if [ -n "$dcu_pid" ] && kill -0 "$dcu_pid" 2>/dev/null; then kill -KILL "$dcu_pid" 2>/dev/null || true; fi
  if [ -n "$R" ]; then
    # processes left in the root (a DCU that did not stop)
    local p
    for p in /proc/[0-9]*; do
      [ "$(readlink "$p/root" 2>/dev/null)" = "$R" ] && kill -KILL "${p#/proc/}" 2>/dev/null || true
    done
    umount_below "$R"
  fi
  if [ $keep = 1 ]; then
    log "kept: $work (root: $R)"
  else
    drop_work_root "$work"
  fi
  [ $rc = 0 ] || log "logs in $work"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

work_root "$cached" "$work"
R=$WORK_ROOT
mount_chroot "$R"
log "working root $R ($([ "$WORK_ROOT_OVERLAY" = 1 ] && echo overlay || echo copy))"

in_root() { chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then log "ok: $what"; else die "$what"; fi
}
# owner (names as the root knows them) and mode of a path in the root
rstat() { chroot "$R" stat -c '%U:%G %a' "$1"; }
eq() { [ "$1" = "$2" ] || { printf '  expected: %s\n  actual:   %s\n' "$2" "$1" >&2; return 1; }; }

# --- the newer package: same content, version +upgradetest, logging.properties changed
if [ -z "$newer" ]; then
  rp="$work/repack"
  rm -rf "$rp"
  dpkg-deb -R "$deb" "$rp"
  sed -i "s/^Version: .*/Version: $version+upgradetest/" "$rp/DEBIAN/control"
  echo "# changed by the package upgrade test ($version+upgradetest)" >> "$rp/etc/fums-dcu/logging.properties"
  (cd "$rp" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
  newer="$work/fums-dcu_${version}+upgradetest_all.deb"
  dpkg-deb --root-owner-group -Zgzip -b "$rp" "$newer" >/dev/null
  rm -rf "$rp"
fi
newer_version=$(dpkg-deb -f "$newer" Version)
dpkg --compare-versions "$newer_version" gt "$version" || die "$newer ($newer_version) is not newer than $version"
mkdir -p "$R/tmp/pkg"
cp "$deb" "$R/tmp/pkg/old.deb"
cp "$newer" "$R/tmp/pkg/new.deb"

# --- install
t=$(date +%s)
log "dpkg -i fums-dcu $version"
in_root dpkg -i /tmp/pkg/old.deb < /dev/null > "$work/dpkg-install.log" 2>&1 || { cat "$work/dpkg-install.log"; die "dpkg -i failed"; }
t_install=$(( $(date +%s) - t ))

status_of() { in_root dpkg-query -W -f='${db:Status-Abbrev}${Version}' fums-dcu 2>/dev/null || true; }
check "installed: $(status_of)" eq "$(status_of)" "ii $version"

# files
check "every /opt/fums-dcu file of the package is installed" \
  bash -c 'for f in $(dpkg-deb -c "$1" | awk "{ print \$6 }" | grep -E "^\./opt/fums-dcu/.+[^/]$" | sed "s/^\.//"); do [ -e "$2$f" ] || [ -L "$2$f" ] || { echo "missing $f" >&2; exit 1; }; done' _ "$deb" "$R"
n_bundles=$(ls "$R/opt/fums-dcu/bundles/"*.jar | wc -l)
n_feature=$(grep -cE '^[0-9]+ ' "$R/opt/fums-dcu/bundles/runtime.feature")
check "bundles/: $n_bundles jars for $n_feature runtime.feature entries" eq "$n_bundles" "$n_feature"
check "launcher, framework in lib/" test -f "$R/opt/fums-dcu/lib/io.fums.launcher.jar" -a -f "$R/opt/fums-dcu/lib/org.apache.felix.framework.jar"
check "bin/fums-dcu root:root 0755" eq "$(rstat /opt/fums-dcu/bin/fums-dcu)" "root:root 755"
fums_uid=$(chroot "$R" id -u fums)
not_root=$(find "$R/opt/fums-dcu" \( ! -uid 0 -o ! -gid 0 -o -perm -o+w -o -perm -g+w \) ! -type l)
check "everything under /opt/fums-dcu root:root, not writable by group or others (fums uid $fums_uid)" eq "$not_root" ""
check "/opt/fums-dcu/conf -> /etc/fums-dcu" eq "$(readlink "$R/opt/fums-dcu/conf")" "/etc/fums-dcu"
check "no conf/ or systemd/ left in /opt/fums-dcu" test ! -e "$R/opt/fums-dcu/systemd" -a -L "$R/opt/fums-dcu/conf"
for f in jvm.options framework.properties logging.properties; do
  check "/etc/fums-dcu/$f root:root 0644" eq "$(rstat "/etc/fums-dcu/$f")" "root:root 644"
done
check "/etc/fums-dcu/config/*.json" test -n "$(ls "$R"/etc/fums-dcu/config/*.json)"

# conffiles: exactly the files under /etc/fums-dcu
conffiles=$(in_root dpkg-query -W -f='${Conffiles}\n' fums-dcu | awk 'NF { print $1 }' | sort)
etc_files=$(cd "$R" && find etc/fums-dcu -type f | sed 's|^|/|' | sort)
printf '%s\n' "$conffiles" | sed 's/^/  conffile /'
check "conffiles = every file under /etc/fums-dcu ($(echo "$conffiles" | wc -l))" eq "$conffiles" "$etc_files"
check "conffiles include jvm.options, framework.properties, logging.properties, config/*.json" \
  bash -c 'grep -qx /etc/fums-dcu/jvm.options <<<"$1" && grep -qx /etc/fums-dcu/framework.properties <<<"$1" && grep -qx /etc/fums-dcu/logging.properties <<<"$1" && grep -qE "^/etc/fums-dcu/config/.+\.json$" <<<"$1"' _ "$conffiles"

# user, group, state
pw=$(in_root getent passwd fums || true)
check "system user fums: $pw" bash -c '[ -n "$1" ] && [ "$(cut -d: -f3 <<<"$1")" -lt 1000 ] && [ "$(cut -d: -f7 <<<"$1")" = /usr/sbin/nologin ]' _ "$pw"
check "fums in groups: $(in_root id -nG fums)" bash -c 'id=$(chroot "$1" id -nG fums); grep -qw dialout <<<"$id" && grep -qw fums <<<"$id"' _ "$R"
check "/var/lib/fums-dcu fums:fums 0750" eq "$(rstat /var/lib/fums-dcu)" "fums:fums 750"

# systemd unit (no systemd runs here: only the files)
unit="$R/lib/systemd/system/fums-dcu.service"
check "unit /lib/systemd/system/fums-dcu.service" test -f "$unit"
for line in 'User=fums' 'Environment=FUMS_CONF=/etc/fums-dcu' 'Environment=FUMS_DATA=/var/lib/fums-dcu' \
            'Restart=on-failure' 'ExecStart=/opt/fums-dcu/bin/fums-dcu' 'SupplementaryGroups=dialout'; do
  check "unit: $line" grep -qx "$line" "$unit"
done
check "unit: MemoryMax=$(sed -n 's/^MemoryMax=//p' "$unit")" grep -qE '^MemoryMax=[0-9]+[KMG]?$' "$unit"
check "unit enabled (multi-user.target.wants)" test -L "$R/etc/systemd/system/multi-user.target.wants/fums-dcu.service"
# unit syntax: the host's systemd-analyze on a copy whose ExecStart points into the root
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$work/unit"
  sed "s|^ExecStart=|ExecStart=$R|" "$unit" > "$work/unit/fums-dcu.service"
  out=$(systemd-analyze verify "$work/unit/fums-dcu.service" 2>&1) || true
  check "systemd-analyze verify fums-dcu.service: no warnings${out:+: $out}" eq "$out" ""
else
  log "note: systemd-analyze not installed on this machine: unit syntax not verified"
fi

# --- run the DCU as systemd would: User=, Environment=, ExecStart=
mapfile -t unit_env < <(sed -n 's/^Environment=//p' "$unit")
unit_user=$(sed -n 's/^User=//p' "$unit")
unit_exec=$(sed -n 's/^ExecStart=//p' "$unit")
status_file="$R/var/lib/fums-dcu/run/status.properties"
prop() { if [ -f "$status_file" ]; then sed -n "s/^$1=//p" "$status_file" | tail -n1; fi; }

start_dcu() { # start_dcu LOG
  rm -f "$status_file"
  log "start: runuser -u $unit_user -- env ${unit_env[*]} $unit_exec"
  chroot "$R" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    runuser -u "$unit_user" -- /usr/bin/env "${unit_env[@]}" $unit_exec > "$1" 2>&1 &
  dcu_pid=$!
  local deadline=$(( $(date +%s) + 120 )) state=""
  while :; do
    state=$(prop state)
    case "$state" in up|degraded|stopped) break ;; esac
    kill -0 "$dcu_pid" 2>/dev/null || { cat "$1"; die "the DCU exited before it was up"; }
    [ "$(date +%s)" -lt "$deadline" ] || { cat "$1"; die "the DCU is not up after 120 s (state '$state')"; }
    sleep 0.5
  done
  log "status: $(grep -v '^#' "$status_file" | tr '\n' ' ')"
  check "state=up" eq "$state" "up"
  check "bundles.notActive empty, bundles.total=$(prop bundles.total)" eq "$(prop bundles.notActive)" ""
  check "log: $(grep -m1 -o 'FUMS-DCU up:.*' "$1")" grep -q 'FUMS-DCU up:' "$1"
  java_pid=$(prop pid)
  check "java (pid $java_pid) runs as fums with group dialout" bash -c '
    st=/proc/$1/status; [ -r "$st" ] || exit 1
    uid=$(awk "/^Uid:/ { print \$2 }" $st); groups=$(sed -n "s/^Groups:[[:space:]]*//p" $st)
    [ "$uid" = "$(chroot "$2" id -u fums)" ] && grep -qw "$(chroot "$2" getent group dialout | cut -d: -f3)" <<<"$groups"' _ "$java_pid" "$R"
}
stop_dcu() { # stop_dcu LOG
  kill -TERM "$java_pid"
  local rc=0
  wait "$dcu_pid" || rc=$?
  dcu_pid=""
  check "SIGTERM: exit 0, state=$(prop state)" bash -c '[ "$1" = 0 ] && [ "$2" = stopped ]' _ "$rc" "$(prop state)"
}

t=$(date +%s)
start_dcu "$work/dcu-run1.log"
t_run1=$(( $(date +%s) - t ))
check "configuration folder in use: /etc/fums-dcu" grep -q 'conf /etc/fums-dcu' "$work/dcu-run1.log"
check "state written below /var/lib/fums-dcu (config/, run/)" test -d "$R/var/lib/fums-dcu/config" -a -d "$R/var/lib/fums-dcu/run"
stop_dcu

# --- operator edits and state of a DCU in service
echo "-Dfums.debtest.operatorEdit=kept" >> "$R/etc/fums-dcu/jvm.options"
mkdir -p "$R/var/lib/fums-dcu/deploy"
echo "committed software set stands here ($(date -u +%FT%TZ))" > "$R/var/lib/fums-dcu/deploy/fums-debtest.marker"
in_root chown -R fums:fums /var/lib/fums-dcu/deploy
state_before=$(cd "$R/var/lib/fums-dcu" && find . -path ./tmp -prune -o -path ./cache -prune -o -path ./run -prune -o -type f -print | sort | xargs md5sum)

# --- from here on systemd "runs": /run/systemd/system exists and a stand-in
# systemctl records what the maintainer scripts ask of it (no policy-rc.d)
mkdir -p "$R/run/systemd/system"
cat > "$R/usr/bin/systemctl" <<'STUB'
#!/bin/sh
echo "$*" >> /tmp/systemctl.calls
case " $* " in
  *" is-enabled "*) for u; do :; done
                    if [ -L "/etc/systemd/system/multi-user.target.wants/$u" ]; then echo enabled; exit 0; fi
                    echo disabled; exit 1 ;;
  *" is-active "*) exit 3 ;;
esac
exit 0
STUB
chmod 755 "$R/usr/bin/systemctl"
rm -f "$R/usr/sbin/policy-rc.d"
calls() { local c; c=$(cat "$R/tmp/systemctl.calls" 2>/dev/null | tr '\n' ';'); rm -f "$R/tmp/systemctl.calls"; echo "$c"; }

# --- upgrade
t=$(date +%s)
log "upgrade: dpkg -i fums-dcu $newer_version"
in_root dpkg -i /tmp/pkg/new.deb < /dev/null > "$work/dpkg-upgrade.log" 2>&1 || { cat "$work/dpkg-upgrade.log"; die "upgrade failed"; }
t_upgrade=$(( $(date +%s) - t ))
check "upgraded: $(status_of)" eq "$(status_of)" "ii $newer_version"
c=$(calls)
check "upgrade with systemd: stop, daemon-reload, start ($c)" \
  bash -c 'grep -qE "(^|;)stop fums-dcu.service;.*daemon-reload;.*--system start fums-dcu.service" <<<"$1"' _ "$c"
check "operator's jvm.options edit kept" grep -qx -- '-Dfums.debtest.operatorEdit=kept' "$R/etc/fums-dcu/jvm.options"
if [ -z "${args[1]:-}" ]; then
  check "untouched conffile logging.properties updated by the upgrade" grep -q 'changed by the package upgrade test' "$R/etc/fums-dcu/logging.properties"
fi
check "no conffile prompt, no .dpkg-* files in /etc/fums-dcu" \
  bash -c '! grep -q "Configuration file" "$1" && [ -z "$(find "$2" -name "*.dpkg-*")" ]' _ "$work/dpkg-upgrade.log" "$R/etc/fums-dcu"
check "deploy/ marker kept" test -f "$R/var/lib/fums-dcu/deploy/fums-debtest.marker"
state_after=$(cd "$R/var/lib/fums-dcu" && find . -path ./tmp -prune -o -path ./cache -prune -o -path ./run -prune -o -type f -print | sort | xargs md5sum)
check "state (config store, deploy/) unchanged by the upgrade ($(echo "$state_after" | wc -l) files)" eq "$state_after" "$state_before"
check "/var/lib/fums-dcu still fums:fums 0750" eq "$(rstat /var/lib/fums-dcu)" "fums:fums 750"
check "user fums still in dialout" bash -c 'chroot "$1" id -nG fums | grep -qw dialout' _ "$R"

t=$(date +%s)
start_dcu "$work/dcu-run2.log"
t_run2=$(( $(date +%s) - t ))
check "the upgraded DCU runs with the operator's jvm.options" grep -q -- '-Dfums.debtest.operatorEdit=kept' "/proc/$java_pid/cmdline"
stop_dcu

# --- remove keeps configuration and state; purge removes everything
in_root dpkg -r fums-dcu < /dev/null > "$work/dpkg-remove.log" 2>&1 || { cat "$work/dpkg-remove.log"; die "dpkg -r failed"; }
check "removed: $(status_of)" eq "$(status_of)" "rc $newer_version"
check "remove: /opt/fums-dcu and the unit gone" test ! -e "$R/opt/fums-dcu" -a ! -e "$unit"
check "remove: conffiles, state and user kept" bash -c 'grep -q operatorEdit "$1/etc/fums-dcu/jvm.options" && [ -f "$1/var/lib/fums-dcu/deploy/fums-debtest.marker" ] && chroot "$1" getent passwd fums >/dev/null' _ "$R"
c=$(calls)
check "remove with systemd: stop, daemon-reload ($c)" bash -c 'grep -qE "(^|;)stop fums-dcu.service;.*daemon-reload" <<<"$1"' _ "$c"

# reinstall over the kept configuration and state
in_root dpkg -i /tmp/pkg/new.deb < /dev/null > "$work/dpkg-reinstall.log" 2>&1 || { cat "$work/dpkg-reinstall.log"; die "reinstall failed"; }
check "reinstalled after remove: $(status_of)" eq "$(status_of)" "ii $newer_version"
check "reinstall: edit, marker kept; unit enabled again" bash -c 'grep -q operatorEdit "$1/etc/fums-dcu/jvm.options" && [ -f "$1/var/lib/fums-dcu/deploy/fums-debtest.marker" ] && [ -L "$1/etc/systemd/system/multi-user.target.wants/fums-dcu.service" ] && [ ! -L "$1/etc/systemd/system/fums-dcu.service" ]' _ "$R"
c=$(calls)
check "reinstall with systemd: daemon-reload, start ($c)" bash -c 'grep -qE "daemon-reload;.*--system start fums-dcu.service" <<<"$1"' _ "$c"

in_root dpkg -P fums-dcu < /dev/null > "$work/dpkg-purge.log" 2>&1 || { cat "$work/dpkg-purge.log"; die "dpkg -P failed"; }
check "purged: dpkg knows no fums-dcu" eq "$(status_of)" ""
c=$(calls)
check "purge with systemd: stop, daemon-reload ($c)" bash -c 'grep -qE "(^|;)stop fums-dcu.service;.*daemon-reload" <<<"$1"' _ "$c"
for p in /opt/fums-dcu /etc/fums-dcu /var/lib/fums-dcu /lib/systemd/system/fums-dcu.service \
         /etc/systemd/system/multi-user.target.wants/fums-dcu.service /usr/share/doc/fums-dcu; do
  check "purge: $p gone" test ! -e "$R$p" -a ! -L "$R$p"
done
check "purge: user and group fums gone, group dialout kept" \
  bash -c '! chroot "$1" getent passwd fums >/dev/null && ! chroot "$1" getent group fums >/dev/null && chroot "$1" getent group dialout >/dev/null' _ "$R"
leftover=$(cd "$R" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev -o -path ./run -o -path ./tmp -o -path ./.fums-root-complete \) -prune -o \( -name '*fums*' -print \) | head)
check "purge: no file named *fums* left${leftover:+: $leftover}" eq "$leftover" ""

log "PASSED: fums-dcu $version -> $newer_version: install ${t_install}s, DCU up ${t_run1}s/${t_run2}s, upgrade ${t_upgrade}s, Debian root ${t_root}s, total $(( $(date +%s) - t_all ))s"
