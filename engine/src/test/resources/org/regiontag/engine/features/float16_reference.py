"""Reference float16 conversions with numpy, for Float16Test.

Usage: float16_reference.py widen OUT
           writes the float32 bits of all 65,536 half values, as little-endian uint32.
       float16_reference.py narrow IN OUT
           reads little-endian float32 values and writes their float16 bits as little-endian uint16.
numpy's float32 -> float16 cast rounds to nearest, ties to even, with subnormals.
"""
import sys

import numpy as np


def main() -> None:
    mode = sys.argv[1]
    if mode == "widen":
        halves = np.arange(1 << 16, dtype=np.uint32).astype("<u2").view("<f2")
        halves.astype("<f4").view("<u4").tofile(sys.argv[2])
    elif mode == "narrow":
        values = np.fromfile(sys.argv[2], dtype="<f4")
        with np.errstate(over="ignore", invalid="ignore"):
            values.astype("<f2").view("<u2").tofile(sys.argv[3])
    else:
        raise SystemExit(f"unknown mode {mode!r}; expected widen or narrow")


if __name__ == "__main__":
    main()
