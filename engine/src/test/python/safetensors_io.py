"""Reads and writes the safetensors format by hand (no safetensors package is needed).

The format: an 8-byte little-endian header length N, N bytes of JSON naming each tensor's dtype,
shape and [begin, end) byte range relative to the data section, then the raw little-endian data.
"""
import json
import struct

import torch

DTYPES = {
    "F32": (torch.float32, 4),
    "F16": (torch.float16, 2),
    "BF16": (torch.bfloat16, 2),
    "F64": (torch.float64, 8),
    "I64": (torch.int64, 8),
    "I32": (torch.int32, 4),
}
NAMES = {torch_type: name for name, (torch_type, _) in DTYPES.items()}


def tensor_bytes(tensor):
    """Return the raw little-endian bytes of a contiguous CPU tensor."""
    tensor = tensor.detach().contiguous().cpu()
    if tensor.dtype == torch.bfloat16:
        # numpy has no bfloat16: reinterpret the bits as int16.
        return tensor.view(torch.int16).numpy().tobytes()
    return tensor.numpy().tobytes()


def write(path, tensors, metadata=None):
    """Write a dict of name -> tensor; tensors keep their dtype."""
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    blobs = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name]
        data = tensor_bytes(tensor)
        header[name] = {
            "dtype": NAMES[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        blobs.append(data)
        offset += len(data)
    header_bytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    # The reference writer pads the header with spaces so the data starts 8-byte aligned.
    header_bytes += b" " * (-len(header_bytes) % 8)
    with open(path, "wb") as out:
        out.write(struct.pack("<Q", len(header_bytes)))
        out.write(header_bytes)
        for blob in blobs:
            out.write(blob)


def read(path, dtype=torch.float64):
    """Read every floating-point tensor of a file, converted to `dtype`; integer tensors are skipped."""
    with open(path, "rb") as source:
        (length,) = struct.unpack("<Q", source.read(8))
        header = json.loads(source.read(length))
        data = source.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        torch_type, _ = DTYPES[entry["dtype"]]
        begin, end = entry["data_offsets"]
        raw = bytearray(data[begin:end])
        if torch_type == torch.bfloat16:
            tensor = torch.frombuffer(raw, dtype=torch.int16).view(torch.bfloat16)
        else:
            tensor = torch.frombuffer(raw, dtype=torch_type)
        tensor = tensor.reshape(entry["shape"])
        if tensor.is_floating_point():
            tensors[name] = tensor.to(dtype)
    return tensors
