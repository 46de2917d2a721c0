#!/usr/bin/env python3
"""Summarizes a JMH JSON result (-rf json): per benchmark the median, minimum and maximum of all
measurement iterations of all forks, JMH's mean with its 99.9% error, and for each benchmark with a
baseline (fooBaseline next to foo, or baseline/baselineMapGet in the same class) the ratio and the
difference of the medians. Medians, because the machine is shared and noisy.

Usage: python3 benchmarks/jmh-summary.py jmh.json
"""
import json
import statistics
import sys

results = json.load(open(sys.argv[1]))
rows = {}
for result in results:
    name = result["benchmark"].rsplit(".", 2)
    key = name[-2] + "." + name[-1]
    raw = [value for fork in result["primaryMetric"]["rawData"] for value in fork]
    rows[key] = {
        "median": statistics.median(raw), "min": min(raw), "max": max(raw), "n": len(raw),
        "mean": result["primaryMetric"]["score"], "error": result["primaryMetric"]["scoreError"],
        "unit": result["primaryMetric"]["scoreUnit"],
    }


def baseline_of(key):
    cls, method = key.split(".")
    for candidate in (method + "Baseline", "baseline", "baselineMapGet"):
        if cls + "." + candidate in rows and candidate != method:
            return cls + "." + candidate
    return None


print("| benchmark | median | min–max | mean ± 99.9% error | iterations | baseline median | ratio | difference |")
print("|---|---|---|---|---|---|---|---|")
for key, row in rows.items():
    base = baseline_of(key) if not key.endswith("aseline") and not key.endswith("MapGet") else None
    cells = [key, "%.1f %s" % (row["median"], row["unit"]), "%.1f–%.1f" % (row["min"], row["max"]),
             "%.1f ± %.1f" % (row["mean"], row["error"]), str(row["n"])]
    if base:
        b = rows[base]
        cells += ["%.1f (%s)" % (b["median"], base.split(".")[1]), "%.2f×" % (row["median"] / b["median"]),
                  "%+.1f %s" % (row["median"] - b["median"], row["unit"])]
    else:
        cells += ["", "", ""]
    print("| " + " | ".join(cells) + " |")
