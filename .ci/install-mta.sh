#!/usr/bin/env bash
# Installs Debian's Exim (the interop test peer) and swaks (the benchmark's reference client).
# Idempotent; quiet unless something fails. No system daemon is left running: the tests start
# their own Exim instances on 127.0.0.1 high ports and stop them by PID.
#
# Exim conflicts with every other Debian MTA (mail-transport-agent): installing it removes
# Postfix, and installing Postfix later removes Exim.
set -euo pipefail

# --no-install-recommends keeps the install small; libnet-ssleay-perl is the one recommend
# swaks needs (STARTTLS).
packages=(exim4-daemon-light swaks libnet-ssleay-perl)

installed() {
  local p
  for p in "${packages[@]}"; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || return 1
  done
}

# The Debian package starts a daemon from its postinst unless policy-rc.d forbids it.
policy=/usr/sbin/policy-rc.d
policy_backup=""
restore_policy() {
  if [ -n "$policy_backup" ]; then mv -f "$policy_backup" "$policy"; else rm -f "$policy"; fi
}

stop_system_exim() {
  # Only a daemon of the package's own config: test instances always run with -C.
  local pid args
  for pid in $(pgrep -x exim4 || true); do
    args=" $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) "
    if [[ "$args" == *" -bd"* && "$args" != *" -C "* ]]; then
      kill "$pid" 2>/dev/null && echo "install-mta: stopped the system exim daemon (pid $pid)"
    fi
  done
  return 0
}

start=$(date +%s%N)
if installed; then
  echo "install-mta: ${packages[*]} already installed"
else
  log=$(mktemp)
  if [ -e "$policy" ]; then
    policy_backup=$(mktemp)
    cp -p "$policy" "$policy_backup"
  fi
  trap 'restore_policy; rm -f "$log"' EXIT
  printf '#!/bin/sh\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends \
    -o Dpkg::Use-Pty=0 "${packages[@]}"; } >"$log" 2>&1; then
    echo "install-mta: apt-get failed:" >&2
    cat "$log" >&2
    exit 1
  fi
  echo "install-mta: installed $(exim4 -bV 2>/dev/null | head -1)"
fi
stop_system_exim
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
printf 'install-mta: done in %d.%03d s\n' $((elapsed_ms / 1000)) $((elapsed_ms % 1000))
