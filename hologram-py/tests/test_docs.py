"""The README's Python example and examples/python/tour.py run as written."""

import re
import subprocess
import sys

from conftest import ROOT


def test_readme_python_example(kernel_libs, monkeypatch):
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "the README has a Python example"
    # The example names the library by its path under the workspace root.
    monkeypatch.chdir(ROOT)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_tour_runs(kernel_libs):
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "python" / "tour.py")],
        capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr
    for headline in ["1. Stdlib kernels are numpy ufuncs", "saxpy(2, x, y)            = [2.5, -3.5, 6.5, -7.5]",
                     "KernelError: kernel `div_rem` panicked", "5. Timings against numpy"]:
        assert headline in out.stdout
