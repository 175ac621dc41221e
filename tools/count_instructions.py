#!/usr/bin/env python3
"""Instructions per 8 elements of every function of the `math` bench, for the hologram kernel
and SLEEF's u10 function, counted by valgrind's callgrind on the bench binary itself:

    cargo bench --bench math --no-run
    python3 tools/count_instructions.py target/release/deps/math-<hash> > /tmp/instructions.md

For each function it runs the bench filtered to the 3,072-element group's `hologram` and
`sleef_u10` variants under callgrind (`--profile-time 1`), then divides the inclusive count
of the kernel's `slices` by the elements it processed (calls x 3,072) and that of SLEEF's
function by its calls (one call = 8 elements). Needs SLEEF (the bench's SLEEF columns).
"""
import re
import subprocess
import sys

FUNCTIONS = ["sin", "cos", "tan", "sin_cos", "exp", "ln", "tanh", "exp2", "exp_m1", "log2",
             "log10", "ln_1p", "sinh", "cosh", "asinh", "acosh", "atanh", "asin", "acos",
             "atan", "cbrt", "atan2", "hypot", "powf"]
N = 3072


def count(binary, name):
    out = f"/tmp/cg.{name}.out"
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary,
                    "--bench", f"^{name}_{N}/(hologram|sleef_u10)$", "--profile-time", "1"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    text = subprocess.run(["callgrind_annotate", "--auto=no", "--threshold=100", "--tree=caller",
                           "--inclusive=yes", out],
                          capture_output=True, text=True, check=True, cwd="/").stdout
    def callee(pattern):
        """(inclusive Ir, calls) of the costliest function matching `pattern`."""
        best = (None, 0)
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if not re.search(r"\*  .*" + pattern, line):
                continue
            ir, calls = int(line.split()[0].replace(",", "")), 0
            j = i - 1
            while j >= 0 and "<" in lines[j]:
                m = re.search(r"\(([\d,]+)x\)", lines[j])
                if m:
                    calls += int(m.group(1).replace(",", ""))
                j -= 1
            if best[0] is None or ir > best[0]:
                best = (ir, calls)
        return best
    h_ir, h_calls = callee(r"::" + name + r"::slices \[")
    s_ir, s_calls = callee(r"Sleef_\w+_u(10|05)avx2 \[")
    h = h_ir / (h_calls * N) * 8 if h_ir and h_calls else float("nan")
    s = s_ir / s_calls if s_ir and s_calls else float("nan")
    return h, s


def main():
    binary = sys.argv[1]
    print("| function | hologram kernel | SLEEF u10 (one call) |")
    print("|---|---|---|")
    for name in FUNCTIONS:
        h, s = count(binary, name)
        print(f"| {name} | {h:.0f} | {s:.0f} |", flush=True)


if __name__ == "__main__":
    main()
