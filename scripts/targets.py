#!/usr/bin/env python3
"""The measurements behind docs/PERFORMANCE.md's targets table (see scripts/targets)."""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HALLWAY = os.path.join(ROOT, ".build/release/hallway")
BENCH = os.path.join(ROOT, ".build/release/hallway-bench")
CONGRESS = os.path.join(ROOT, "../shared/fixtures/schedules/frab-38c3.xml")
RUNS = 7


def timed(arguments, runs=RUNS, stdin=None):
    """Median wall time in ms over `runs` whole processes."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with open(stdin, "rb") if stdin else open(os.devnull, "rb") as source:
            subprocess.run(arguments, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def peak_of(arguments, stdin=None, environment=None):
    """Peak resident memory in MiB of one whole process (GNU time's %M)."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + arguments, stdin=open(stdin, "rb") if stdin else subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment).stderr.strip().splitlines()
    return int(out[-1]) / 1024 if out and out[-1].isdigit() else float("nan")


def row(figure, measured, target, verdict):
    print(f"| {figure} | {measured} | {target} | {verdict} |")


def main():
    sizes = [10_000] + ([100_000] if "--full" in sys.argv else [])
    scratch = tempfile.mkdtemp(prefix="hallway-bench-")
    environment = dict(os.environ, XDG_CACHE_HOME=os.path.join(scratch, "cache"))
    print("| figure | measured | target | |")
    print("| --- | ---: | --- | --- |")
    for sessions in sizes:
        program = os.path.join(scratch, f"program-{sessions}.json")
        lines = os.path.join(scratch, f"lines-{sessions}.txt")
        subprocess.run([BENCH, "generate", "--sessions", str(sessions), "--out", program, "--lines", lines], check=True,
                       stdout=subprocess.DEVNULL)
        size_mib = os.path.getsize(program) / 1048576
        if shutil.which("fzf"):
            fzf = timed(["fzf", "--filter", "mesh"], stdin=lines)
            cold = timed([HALLWAY, "search", "--no-cache", "--data", program, "mesh"], runs=3 if sessions > 10_000 else RUNS)
            ratio = cold / fzf
            row(f"`search --no-cache` vs `fzf --filter`, {sessions:,}", f"{cold:.0f} vs {fzf:.0f} ms ({ratio:.2f})", "< 1, aim 0.5",
                "met" if ratio < 1 else "not met")
        else:
            cold = timed([HALLWAY, "search", "--no-cache", "--data", program, "mesh"], runs=3)
            row(f"`search --no-cache`, {sessions:,}", f"{cold:.0f} ms", "faster than fzf", "fzf not installed")
        cold_peak = peak_of([HALLWAY, "search", "--no-cache", "--data", program, "mesh"])
        subprocess.run([HALLWAY, "search", "--data", program, "mesh"], env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        warm = peak_of([HALLWAY, "search", "--data", program, "mesh"], environment=environment)
        budget = 1.5 * size_mib
        row(f"peak memory, {sessions:,}, cold / warm", f"{cold_peak:.0f} / {warm:.0f} MiB", f"≤ {budget:.0f} MiB (1.5 × {size_mib:.0f} MiB)",
            "met" if max(cold_peak, warm) <= budget else "not met")
        frame = timed([HALLWAY, "render", "--data", program, "--size", "80x24"], runs=3)
        if sessions >= 100_000:
            row(f"first frame, {sessions:,}, cold", f"{frame:.0f} ms", "< 2,000 ms", "met" if frame < 2000 else "not met")
        latency = subprocess.run([BENCH, "latency", "--sessions", str(sessions)], capture_output=True, text=True).stdout.strip().splitlines()
        if latency:
            fields = [field.strip() for field in latency[-1].split("|")]
            row(f"keystroke p99, {sessions:,}", f"{int(fields[7]) / 1000:.1f} ms", "≤ 0.8 ms at 10k, 6.7 ms at 100k", "")
    if os.path.exists(CONGRESS):
        frame = timed([HALLWAY, "render", "--data", CONGRESS, "--size", "80x24"])
        row("first frame, 38C3 XML (1,007 events), cold", f"{frame:.0f} ms", "< 100 ms", "met" if frame < 100 else "not met")
    frame = timed([HALLWAY, "render", "--size", "80x24"], runs=21)
    peak = peak_of([HALLWAY, "render", "--size", "80x24"])
    row("first frame, bundled program", f"{frame:.1f} ms", "< 20 ms", "met" if frame < 20 else "not met")
    row("peak memory, bundled program, first frame", f"{peak:.1f} MiB", "< 20 MiB", "met" if peak < 20 else "not met")
    version = timed([HALLWAY, "--version"], runs=21)
    row("`hallway --version`", f"{version:.1f} ms", "", "")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
