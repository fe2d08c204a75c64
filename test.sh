#!/usr/bin/env bash
# Runs every test of the repository: installs the Debian packages the tests need when they are missing,
# builds the solution (the core twice: net10.0 and nanoFramework) and runs `dotnet test` on it.
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter KillMidWrite]
set -euo pipefail
cd "$(dirname "$0")"

# Tools the tests drive as real parts: network namespaces (iproute2), the documented Python phone client
# (python3-cryptography), curl, OpenSSL's libcrypto for fast SRP arithmetic, and real mDNS clients and a reference
# responder run only inside the tests' own namespaces (python3-zeroconf, avahi-daemon, avahi-utils, dbus), and a real
# MQTT broker and clients started by the tests on loopback ports (mosquitto, mosquitto-clients; openssl for TLS), and a
# real wpa_supplicant that the tests run with the wired driver only inside their own namespaces (wpasupplicant), the
# browser Playwright drives for the dashboard test (chromium: Playwright's own browsers cannot be downloaded here), and
# the reference Prometheus text-format parser the metrics test reads /metrics with (python3-prometheus-client).
packages=(iproute2 procps python3 python3-cryptography curl libssl3 openssl python3-zeroconf avahi-daemon avahi-utils dbus mosquitto mosquitto-clients wpasupplicant chromium python3-prometheus-client python3-junitparser)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "test.sh: installing missing Debian packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  # Never let a package start its service on this machine (avahi-daemon would multicast on the real interface):
  # the tests start their own instances inside network namespaces.
  # The file is removed by a trap, so a failed or interrupted apt-get cannot leave it behind to block every service
  # start on this machine. (ACCESSORY_POLICY_RC_D only lets the tests check this without touching /usr/sbin.)
  policy=${ACCESSORY_POLICY_RC_D:-/usr/sbin/policy-rc.d}
  if [ ! -e "$policy" ]; then
    trap '"${sudo_cmd[@]}" rm -f "$policy"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy" >/dev/null
    "${sudo_cmd[@]}" chmod +x "$policy"
  fi
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  "${sudo_cmd[@]}" rm -f "$policy"
  trap - EXIT INT TERM
fi

dotnet build Accessory.sln -nologo -v:minimal

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test Accessory.sln --no-build -nologo --blame-hang-timeout 10m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for people and CI: totals over every test assembly.
awk '
  /(Passed|Failed)!  - Failed:/ {
    gsub(/,/, "");
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i+1);
      if ($i == "Passed:") p += $(i+1);
      if ($i == "Skipped:") s += $(i+1);
    }
  }
  END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }
' "$log"
exit "$status"
