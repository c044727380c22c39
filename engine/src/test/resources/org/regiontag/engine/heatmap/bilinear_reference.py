"""Reference bilinear resizing with PyTorch, for BilinearTest.

Usage: bilinear_reference.py IN OUT
IN holds little-endian int32 height, width, out_height, out_width, then height * width float32
values (row-major). OUT receives out_height * out_width float32 values from
F.interpolate(mode="bilinear", align_corners=False).
"""
import sys

import numpy as np
import torch
import torch.nn.functional as F


def main() -> None:
    raw = open(sys.argv[1], "rb").read()
    height, width, out_height, out_width = np.frombuffer(raw[:16], dtype="<i4")
    values = np.frombuffer(raw[16:], dtype="<f4").reshape(1, 1, height, width)
    resized = F.interpolate(torch.from_numpy(values.copy()), size=(int(out_height), int(out_width)),
                            mode="bilinear", align_corners=False)
    resized.numpy().astype("<f4").tofile(sys.argv[2])


if __name__ == "__main__":
    main()
