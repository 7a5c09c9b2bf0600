#!/usr/bin/env bash
# Installs the Debian packages whose servers the suite starts privately on loopback (Postfix with
# Dovecot SASL, Redis, Chromium, openssl), and only those missing, without starting their system-wide
# services. Never fails its caller: apt may be unreachable, and a package that stays missing makes its
# own tests fail under CI=true with a message that names the service, which says more than an apt error.
set -u
PACKAGES=(postfix dovecot-core redis-server chromium openssl)

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || echo "$p"
  done
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system packages: not a Debian system; make sure these are installed: ${PACKAGES[*]}" >&2
  exit 0
fi
mapfile -t missing < <(missing_packages)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "system packages: missing ${missing[*]}; run .ci/run as root to install them" >&2
  exit 0
fi

# invoke-rc.d and deb-systemd-invoke ask policy-rc.d before starting a service; 101 means "not allowed".
# A policy the machine already has is its owner's choice and stays as it is.
POLICY=/usr/sbin/policy-rc.d
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\n# Temporary, from nestjs-smtp .ci/system-packages.sh: start no services while installing.\nexit 101\n' > "$POLICY"
  chmod 755 "$POLICY"
  trap 'rm -f "$POLICY"' EXIT
  trap 'exit 130' INT TERM
fi

echo "system packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2 || echo "system packages: apt-get update failed; trying the install anyway" >&2
apt-get install -y -qq "${missing[@]}" >&2 || echo "system packages: apt-get install failed" >&2

mapfile -t still < <(missing_packages)
if [ ${#still[@]} -gt 0 ]; then
  echo "system packages: still missing ${still[*]}; their tests will fail under CI=true" >&2
fi
exit 0
