#!/usr/bin/env bash
# podman as it works on the build machine: a container host with hybrid cgroups (crun refuses those), no systemd
# and a root without the right to raise rlimits. So: runc, cgroupfs, and no default ulimits (the container keeps
# the caller's). On an ordinary Linux host plain `podman` does the same job.
set -euo pipefail
conf="$(mktemp)"
trap 'rm -f "$conf"' EXIT
printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\nevents_logger = "file"\n' > "$conf"
runtime=()
if command -v runc >/dev/null; then
    runtime=(--runtime "$(command -v runc)")
fi
CONTAINERS_CONF="$conf" podman "${runtime[@]}" "$@"
