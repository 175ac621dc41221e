"""Hologram kernels as numpy ufuncs.

``hologram.stdlib.<name>`` is one ``numpy.ufunc`` per stdlib kernel name, with a loop for
each element type it exists in; ``hologram.load(path)`` loads a kernel library and returns an
object whose attributes are its kernels as ufuncs; ``hologram.kernels()`` lists every
kernel's descriptor.

>>> import numpy as np, hologram
>>> hologram.stdlib.exp(np.zeros(3, dtype=np.float32))
array([1., 1., 1.], dtype=float32)
"""

import sys as _sys

from ._hologram import (
    KernelError,
    KernelInfo,
    Library,
    LibraryError,
    kernels,
    load,
    max_threads,
    set_max_threads,
    stdlib,
)

# `import hologram.stdlib` and `from hologram.stdlib import exp` find the module.
_sys.modules[__name__ + ".stdlib"] = stdlib

__all__ = [
    "KernelError",
    "KernelInfo",
    "Library",
    "LibraryError",
    "kernels",
    "load",
    "max_threads",
    "set_max_threads",
    "stdlib",
]
