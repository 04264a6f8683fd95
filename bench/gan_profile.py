#!/usr/bin/env python3
"""Sums a Chrome trace from the PyTorch profiler by op: self time (an op's time minus the ops it
called), calls, and total per step. Both sides of gan.sh can write one: GanBench --profile FILE
(libtorch's profiler through DJL) and gan_torch.py --profile FILE (torch.profiler).

  python3 bench/gan_profile.py TRACE.json STEPS [TOP]
"""

import json
import sys
from collections import defaultdict


def main():
    path, steps = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    by_thread = defaultdict(list)
    for e in events:
        if e.get("ph") == "X" and "dur" in e and e.get("cat", "cpu_op") in ("cpu_op", "Operator"):
            by_thread[(e.get("pid"), e.get("tid"))].append(e)
    self_us = defaultdict(float)
    calls = defaultdict(int)
    total = 0.0
    for evs in by_thread.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, name, child time]
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= ts:
                end, name, child, d = stack.pop()
                self_us[name] += d - child
            if stack:
                stack[-1][2] += dur
            else:
                total += dur
            calls[e["name"]] += 1
            stack.append([ts + dur, e["name"], 0.0, dur])
        for end, name, child, d in stack:
            self_us[name] += d - child
    print(f"{path}: top-level op time {total / 1000 / steps:.1f} ms/step,"
          f" {sum(calls.values()) / steps:.0f} op calls/step (nested included)")
    print(f"  {'op':<44} {'self ms/step':>12} {'calls/step':>10}")
    for name, us in sorted(self_us.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {name[:44]:<44} {us / 1000 / steps:12.1f} {calls[name] / steps:10.1f}")


if __name__ == "__main__":
    main()
