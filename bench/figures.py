#!/usr/bin/env python3
"""Measures the three figures of BENCHMARKS.md; `bench/run.sh` is the entry point.

    figures.py derive   --out DIR --runs N     # figure 1: derive cost vs serde / no derive
    figures.py e2e      --out DIR --runs N --bin PATH [--command ...]
                                               # figure 2: `cargo datamodel` warm and cold
    figures.py scale    --out DIR --runs N --bin PATH --sizes 200,2000,20000
                                               # figure 3: in-process pipeline, one process per size
    figures.py summary  --out DIR              # prints every figure and its ratios as Markdown

Each figure writes `DIR/figN.json`; `summary` reads them. Timings are wall-clock medians;
the CPU time (user + sys of the child processes) is recorded beside them because the bench
machine is shared and CPU time is less sensitive to other load. Runs of the compared
variants are interleaved (A B C, A B C, ...) so a burst of outside load hits all of them.
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODES = ["datamodel", "serde", "none"]


def die(msg: str) -> None:
    print(f"bench: error: {msg}", file=sys.stderr)
    sys.exit(1)


def run_timed(cmd, cwd, env=None, capture=False):
    """Runs `cmd`; returns (wall seconds, stdout if `capture`). Exits with its stderr on failure."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=full_env,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.stderr.write(err.decode(errors="replace"))
        die(f"command failed with exit code {proc.returncode} in {cwd}: {' '.join(map(str, cmd))}")
    return wall, (out.decode() if capture else "")


def cpu_children() -> float:
    import resource

    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(cmd, cwd, env=None, before=None):
    """(wall, cpu) of one run of `cmd`, after calling `before()` untimed."""
    if before:
        before()
    c0 = cpu_children()
    wall, _ = run_timed(cmd, cwd, env)
    return wall, cpu_children() - c0


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def machine() -> dict:
    model = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kib = 0
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    rustc = subprocess.run(["rustc", "--version"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "rustc": rustc,
        "load_1min_at_start": round(load, 2),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


def write_json(out: Path, name: str, data: dict) -> None:
    (out / name).write_text(json.dumps(data, indent=2) + "\n")


# ---------------------------------------------------------------------------------------------
# Figure 1: derive cost
# ---------------------------------------------------------------------------------------------


def generate_crates(out: Path, structs: int) -> None:
    for mode in MODES:
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "gen_crate.py"), str(out / mode), "--mode", mode,
             "--structs", str(structs)],
            check=True,
        )
        # The workspace's lock file: the same serde / syn versions, already downloaded.
        shutil.copy(ROOT / "Cargo.lock", out / mode / "Cargo.lock")


def cargo_env(out: Path) -> dict:
    # One target dir for the three crates: dependencies (serde, syn, ...) are built once.
    return {"CARGO_TARGET_DIR": str(out / "target"), "CARGO_TERM_COLOR": "never"}


def expanded_lines(crate: Path, out: Path) -> int:
    """Non-blank lines of the crate's macro expansion (`-Zunpretty=expanded`)."""
    env = dict(os.environ)
    env.update({"RUSTC_BOOTSTRAP": "1", "CARGO_TARGET_DIR": str(out / "target-expand")})
    p = subprocess.run(
        ["cargo", "rustc", "--offline", "-q", "--lib", "--", "-Zunpretty=expanded"],
        cwd=crate, env=env, capture_output=True, text=True,
    )
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        die(f"macro expansion of {crate} failed")
    (out / f"{crate.name}.expanded.rs").write_text(p.stdout)
    return sum(1 for line in p.stdout.splitlines() if line.strip())


def fig_derive(a) -> None:
    out = Path(a.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    generate_crates(out, a.structs)
    env = cargo_env(out)
    print(f"figure 1: warming the {a.structs}-struct crates (full build + check of each)", flush=True)
    for mode in MODES:
        for cmd in ("build", "check"):
            run_timed(["cargo", cmd, "--offline", "-q"], out / mode, env)
    results = {m: {"check": [], "build": [], "check_cpu": [], "build_cpu": []} for m in MODES}
    for i in range(a.runs):
        for cmd in ("check", "build"):
            for mode in MODES:
                lib = out / mode / "src" / "lib.rs"
                wall, cpu = measure(["cargo", cmd, "--offline", "-q"], out / mode, env,
                                    before=lambda: os.utime(lib))
                results[mode][cmd].append(round(wall, 3))
                results[mode][cmd + "_cpu"].append(round(cpu, 3))
        print(f"  run {i + 1}/{a.runs}: " + ", ".join(
            f"{m} check {results[m]['check'][-1]:.2f}s build {results[m]['build'][-1]:.2f}s" for m in MODES),
            flush=True)
    lines = {m: expanded_lines(out / m, out) for m in MODES}
    per_struct = {m: round((lines[m] - lines["none"]) / a.structs, 1) for m in ("datamodel", "serde")}
    data = {
        "machine": machine(),
        "command": "bench/run.sh (figure 1: figures.py derive)",
        "structs": a.structs,
        "fields_per_struct": 20,
        "runs": a.runs,
        "raw": results,
        "median": {m: {k: med(v) for k, v in results[m].items()} for m in MODES},
        "expanded_nonblank_lines": lines,
        "generated_lines_per_struct": per_struct,
    }
    write_json(out, "fig1.json", data)


# ---------------------------------------------------------------------------------------------
# Figure 2: end to end
# ---------------------------------------------------------------------------------------------


def fig_e2e(a) -> None:
    out = Path(a.out).resolve()
    crate = out / "datamodel"
    if not (crate / "Cargo.toml").exists():
        die(f"{crate} is missing: run figure 1 first (bench/run.sh does)")
    env = cargo_env(out)
    cmd = [a.bin, "datamodel"] + a.command.split()
    collector = out / "target" / "datamodel"
    run_timed(["cargo", "build", "--offline", "-q"], crate, env)
    print(f"figure 2: cold run of `cargo datamodel {a.command}` (collector dir removed)", flush=True)
    shutil.rmtree(collector, ignore_errors=True)
    cold_wall, cold_cpu = measure(cmd, crate, env)
    print(f"  cold {cold_wall:.2f}s", flush=True)
    noop, noop_cpu, warm, warm_cpu = [], [], [], []
    for i in range(a.runs):
        w, c = measure(["cargo", "build", "--offline", "-q"], crate, env)
        noop.append(round(w, 3))
        noop_cpu.append(round(c, 3))
        w, c = measure(cmd, crate, env)
        warm.append(round(w, 3))
        warm_cpu.append(round(c, 3))
        print(f"  run {i + 1}/{a.runs}: no-op cargo build {noop[-1]:.2f}s, warm cargo datamodel {warm[-1]:.2f}s",
              flush=True)
    diffs = [round(w - n, 3) for w, n in zip(warm, noop)]
    data = {
        "machine": machine(),
        "command": f"bench/run.sh (figure 2: cargo datamodel {a.command})",
        "subcommand": a.command,
        "runs": a.runs,
        "cold": {"wall": round(cold_wall, 3), "cpu": round(cold_cpu, 3)},
        "raw": {"noop_build": noop, "noop_build_cpu": noop_cpu, "warm": warm, "warm_cpu": warm_cpu,
                "warm_minus_noop": diffs},
        "median": {"noop_build": med(noop), "warm": med(warm), "warm_minus_noop": med(diffs),
                   "warm_cpu": med(warm_cpu), "noop_build_cpu": med(noop_cpu)},
    }
    write_json(out, "fig2.json", data)


# ---------------------------------------------------------------------------------------------
# Figure 3: throughput and scaling
# ---------------------------------------------------------------------------------------------


def fig_scale(a) -> None:
    out = Path(a.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in a.sizes.split(",")]
    rows = {}
    for n in sizes:
        # Own process per size: its peak RSS (VmHWM, printed by the bench) is this size's alone.
        _, stdout = run_timed([a.bin, str(n), str(a.runs)], ROOT, capture=True)
        report = json.loads(stdout)
        rows[str(n)] = report
        print(f"  {n:>6} tables: median {report['median_ms']['total']:.1f} ms, "
              f"peak RSS {report['peak_rss_mib']:.1f} MiB", flush=True)
    ratio = None
    if "2000" in rows and "20000" in rows:
        ratio = rows["20000"]["median_ms"]["total"] / rows["2000"]["median_ms"]["total"]
    data = {
        "machine": machine(),
        "command": "bench/run.sh (figure 3: cargo bench -p cargo-datamodel --bench scale)",
        "runs": a.runs,
        "sizes": rows,
        "ratio_20000_over_2000": ratio,
    }
    write_json(out, "fig3.json", data)


# ---------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def fig_summary(a) -> None:
    out = Path(a.out).resolve()
    lines = []
    f1 = out / "fig1.json"
    if f1.exists():
        d = json.loads(f1.read_text())
        m = d["median"]
        lines.append(f"## Figure 1: derive cost ({d['structs']} structs x {d['fields_per_struct']} fields, "
                     f"median of {d['runs']}, {d['machine']['date']})")
        lines.append("")
        lines.append("| variant | incremental `cargo check` | CPU | incremental `cargo build` | CPU | generated lines/struct |")
        lines.append("|---|---|---|---|---|---|")
        for mode, label in (("datamodel", "`#[derive(DataModel)]`"),
                            ("serde", "`#[derive(Serialize, Deserialize)]`"), ("none", "no derive")):
            gl = d["generated_lines_per_struct"].get(mode, 0.0)
            lines.append(f"| {label} | {m[mode]['check']:.2f} s | {m[mode]['check_cpu']:.2f} s | "
                         f"{m[mode]['build']:.2f} s | {m[mode]['build_cpu']:.2f} s | {gl} |")
        lines.append("")
        for cmd in ("check", "build"):
            rs = m["datamodel"][cmd] / m["serde"][cmd]
            rn = m["datamodel"][cmd] / m["none"][cmd]
            lines.append(f"- `cargo {cmd}`: DataModel/serde = **{rs:.2f}** "
                         f"(target <= 1.00: {verdict(rs <= 1.0)}), DataModel/none = **{rn:.2f}**")
        rl = d["generated_lines_per_struct"]["datamodel"] / d["generated_lines_per_struct"]["serde"]
        lines.append(f"- generated lines per struct: DataModel/serde = **{rl:.2f}**")
        lines.append("")
    f2 = out / "fig2.json"
    if f2.exists():
        d = json.loads(f2.read_text())
        m = d["median"]
        lines.append(f"## Figure 2: end to end (`cargo datamodel {d['subcommand']}`, median of {d['runs']}, "
                     f"{d['machine']['date']})")
        lines.append("")
        lines.append(f"- no-op `cargo build`: {m['noop_build']:.2f} s; warm `cargo datamodel`: {m['warm']:.2f} s")
        lines.append(f"- warm minus no-op build: **{m['warm_minus_noop']:.2f} s** "
                     f"(target <= 1.5 s: {verdict(m['warm_minus_noop'] <= 1.5)})")
        lines.append(f"- cold (collector not built yet): {d['cold']['wall']:.1f} s "
                     f"(CPU {d['cold']['cpu']:.1f} s)")
        lines.append("")
    f3 = out / "fig3.json"
    if f3.exists():
        d = json.loads(f3.read_text())
        lines.append(f"## Figure 3: in-process throughput and scaling (median of {d['runs']}, "
                     f"{d['machine']['date']})")
        lines.append("")
        stages = []
        for row in d["sizes"].values():
            stages = row.get("stages") or [k for k in row["median_ms"] if k != "total"]
            break
        lines.append("| tables | " + " | ".join(stages) + " | total | peak RSS |")
        lines.append("|---|" + "---|" * len(stages) + "---|---|")
        for n, row in d["sizes"].items():
            ms = row["median_ms"]
            lines.append(f"| {int(n):,} | " + " | ".join(f"{ms[s]:.1f} ms" for s in stages)
                         + f" | **{ms['total']:.1f} ms** | {row['peak_rss_mib']:.1f} MiB |")
        lines.append("")
        lines.append("(`validate` also runs inside `resolve`; the total counts it once. "
                     "Lint checks / violations per size: "
                     + ", ".join(f"{int(n):,}: {r.get('lint_checks', '?'):,} / {r.get('lint_violations', '?'):,}"
                                 for n, r in d["sizes"].items()) + ".)")
        lines.append("")
        if "2000" in d["sizes"]:
            r = d["sizes"]["2000"]
            t, mem = r["median_ms"]["total"], r["peak_rss_mib"]
            lines.append(f"- 2,000 tables: {t:.0f} ms (target < 250 ms: {verdict(t < 250)}), "
                         f"{mem:.0f} MiB (target < 200 MB: {verdict(mem * 1.048576 < 200)})")
        if d.get("ratio_20000_over_2000") is not None:
            r = d["ratio_20000_over_2000"]
            lines.append(f"- 20,000 / 2,000 time ratio: **{r:.2f}** (target <= 11: {verdict(r <= 11)})")
        lines.append("")
    text = "\n".join(lines)
    (out / "summary.md").write_text(text + "\n")
    print(text)


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="fig", required=True)
    p = sub.add_parser("derive")
    p.add_argument("--out", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--structs", type=int, default=200)
    p.set_defaults(func=fig_derive)
    p = sub.add_parser("e2e")
    p.add_argument("--out", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--bin", required=True)
    p.add_argument("--command", default="")
    p.set_defaults(func=fig_e2e)
    p = sub.add_parser("scale")
    p.add_argument("--out", required=True)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--bin", required=True)
    p.add_argument("--sizes", default="200,2000,20000")
    p.set_defaults(func=fig_scale)
    p = sub.add_parser("summary")
    p.add_argument("--out", required=True)
    p.set_defaults(func=fig_summary)
    a = ap.parse_args()
    a.func(a)


if __name__ == "__main__":
    main()
