#!/bin/bash
# usage: throttle.sh <pattern> <quota_us per 100ms> <seconds>; puts matching processes in a CPU-capped cgroup (v1), removes it at the end.
pat="$1"; quota="$2"; secs="$3"
cg=/sys/fs/cgroup/cpu/txtdelay-$$
mkdir "$cg" || exit 1
echo 100000 > "$cg/cpu.cfs_period_us"; echo "$quota" > "$cg/cpu.cfs_quota_us"
cleanup() { for p in $(cat "$cg/cgroup.procs" 2>/dev/null); do echo "$p" > /sys/fs/cgroup/cpu/cgroup.procs 2>/dev/null; done; rmdir "$cg"; }
trap cleanup EXIT
end=$((SECONDS + secs))
while [ $SECONDS -lt $end ]; do
  for p in $(pgrep -f "$pat"); do grep -qx "$p" "$cg/cgroup.procs" || { echo "$p" > "$cg/cgroup.procs" && echo "$(date +%s.%N) throttled $p"; }; done
  sleep 0.5
done
