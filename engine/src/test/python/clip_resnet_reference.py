#!/usr/bin/env python3
"""Reference implementation of CLIP's ResNet image tower and the generator of its test fixtures.

Plain PyTorch 1.13 (Debian's python3-torch) and the standard library only: safetensors files are
read and written by hand (an 8-byte little-endian header length, a JSON header, then the raw
little-endian tensor bytes). The product never runs this file; the engine's tests tagged "python"
and the RN50 benchmark do.

Sub-commands:
  checkpoint  write a random CLIP ResNet checkpoint in RegionTag's OpenAI-names layout
  reference   run a checkpoint on seeded inputs and write its global and dense outputs (and,
              given token ids, its text embeddings)
  archive     write a tiny random CLIP as a TorchScript archive shaped like OpenAI's .pt files
  benchmark   measure PyTorch eager throughput and resident memory on a checkpoint

The architecture follows OpenAI's CLIP (github.com/openai/CLIP, clip/model.py), generalised to
any number of ResNet stages. Dense features follow DualCoOp (Sun et al., NeurIPS 2022): the
positional embedding is added to the last stage's map, then every location goes through the
attention pool's value projection and its output projection, with no query-key attention.
"""

import argparse
import copy
import json
import math
import os
import re
import shutil
import struct
import sys
import time
import warnings
from collections import OrderedDict

import torch
import torch.nn.functional as F
from torch import nn

CONFIG_FORMAT = "regiontag-clip-openai"
CONFIG_FORMAT_VERSION = 1

DTYPES = {"F32": torch.float32, "F16": torch.float16, "F64": torch.float64}
DTYPE_NAMES = {dtype: name for name, dtype in DTYPES.items()}


# ---------------------------------------------------------------------------------------------
# safetensors by hand
# ---------------------------------------------------------------------------------------------

def write_safetensors(path, tensors):
    """Write named float tensors as safetensors: sorted names, contiguous data, {"format": "pt"}."""
    header = {"__metadata__": {"format": "pt"}}
    blobs = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name].detach().contiguous().cpu()
        if tensor.dtype not in DTYPE_NAMES:
            raise ValueError(f"{name}: unsupported dtype {tensor.dtype}")
        data = tensor.numpy().tobytes()
        header[name] = {"dtype": DTYPE_NAMES[tensor.dtype], "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-(8 + len(encoded)) % 8)
    temporary = path + ".tmp"
    with open(temporary, "wb") as out:
        out.write(struct.pack("<Q", len(encoded)))
        out.write(encoded)
        for blob in blobs:
            out.write(blob)
    os.replace(temporary, path)


def read_safetensors(path):
    """Read a safetensors file into a dict of CPU tensors (F32, F16 and F64 only)."""
    with open(path, "rb") as source:
        raw = source.read()
    (header_length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + header_length].decode("utf-8"))
    data = raw[8 + header_length:]
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        flat = torch.frombuffer(bytearray(data[start:end]), dtype=DTYPES[info["dtype"]])
        tensors[name] = flat.reshape(info["shape"]).clone()
    return tensors


# ---------------------------------------------------------------------------------------------
# The image tower
# ---------------------------------------------------------------------------------------------

class Bottleneck(nn.Module):
    """CLIP's anti-aliased bottleneck: a stride becomes an average pool before conv3 and before
    the downsampling convolution, so every convolution has stride 1."""

    expansion = 4

    def __init__(self, inplanes, planes, stride=1):
        super().__init__()
        self.conv1 = nn.Conv2d(inplanes, planes, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(planes)
        self.conv2 = nn.Conv2d(planes, planes, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(planes)
        self.avgpool = nn.AvgPool2d(stride) if stride > 1 else nn.Identity()
        self.conv3 = nn.Conv2d(planes, planes * self.expansion, 1, bias=False)
        self.bn3 = nn.BatchNorm2d(planes * self.expansion)
        self.relu = nn.ReLU()
        self.downsample = None
        if stride > 1 or inplanes != planes * self.expansion:
            self.downsample = nn.Sequential(OrderedDict([
                ("-1", nn.AvgPool2d(stride)),
                ("0", nn.Conv2d(inplanes, planes * self.expansion, 1, bias=False)),
                ("1", nn.BatchNorm2d(planes * self.expansion)),
            ]))

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(self.avgpool(out)))
        return self.relu(out + identity)


class AttentionPool2d(nn.Module):
    """Attention pooling with the mean token as the only query; also returns dense features."""

    def __init__(self, spacial_dim, embed_dim, num_heads, output_dim):
        super().__init__()
        self.positional_embedding = nn.Parameter(torch.randn(spacial_dim ** 2 + 1, embed_dim) / embed_dim ** 0.5)
        self.k_proj = nn.Linear(embed_dim, embed_dim)
        self.q_proj = nn.Linear(embed_dim, embed_dim)
        self.v_proj = nn.Linear(embed_dim, embed_dim)
        self.c_proj = nn.Linear(embed_dim, output_dim)
        self.num_heads = num_heads

    def positional_embedding_for(self, height, width):
        """The positional embedding for a height x width map: bicubic (align_corners=False) when
        the size differs from the checkpoint's, as DualCoOp resizes it."""
        embedding = self.positional_embedding
        if embedding.shape[0] == height * width + 1:
            return embedding
        side = round((embedding.shape[0] - 1) ** 0.5)
        spatial = embedding[1:].permute(1, 0).reshape(1, -1, side, side)
        spatial = F.interpolate(spatial, size=(height, width), mode="bicubic", align_corners=False)
        spatial = spatial.reshape(-1, height * width).permute(1, 0)
        return torch.cat([embedding[:1], spatial], dim=0)

    def forward(self, x):
        batch, _, height, width = x.shape
        tokens = x.flatten(start_dim=2).permute(2, 0, 1)  # (hw, batch, embed)
        tokens = torch.cat([tokens.mean(dim=0, keepdim=True), tokens], dim=0)  # (hw + 1, batch, embed)
        tokens = tokens + self.positional_embedding_for(height, width)[:, None, :].to(tokens.dtype)
        pooled, _ = F.multi_head_attention_forward(
            query=tokens[:1], key=tokens, value=tokens,
            embed_dim_to_check=tokens.shape[-1], num_heads=self.num_heads,
            q_proj_weight=self.q_proj.weight, k_proj_weight=self.k_proj.weight, v_proj_weight=self.v_proj.weight,
            in_proj_weight=None, in_proj_bias=torch.cat([self.q_proj.bias, self.k_proj.bias, self.v_proj.bias]),
            bias_k=None, bias_v=None, add_zero_attn=False, dropout_p=0.0,
            out_proj_weight=self.c_proj.weight, out_proj_bias=self.c_proj.bias,
            use_separate_proj_weight=True, training=self.training, need_weights=False)
        dense = self.c_proj(self.v_proj(tokens[1:]))  # (hw, batch, output)
        dense = dense.permute(1, 0, 2).reshape(batch, height, width, -1)  # (batch, h, w, output)
        return pooled.squeeze(0), dense


class ModifiedResNet(nn.Module):
    """CLIP's ResNet with any number of stages: a three-convolution stem, bottleneck stages (the
    first at stride 1, the others at stride 2) and attention pooling."""

    def __init__(self, layers, output_dim, heads, input_resolution, width):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width // 2, kernel_size=3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(width // 2)
        self.conv2 = nn.Conv2d(width // 2, width // 2, kernel_size=3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(width // 2)
        self.conv3 = nn.Conv2d(width // 2, width, kernel_size=3, padding=1, bias=False)
        self.bn3 = nn.BatchNorm2d(width)
        self.avgpool = nn.AvgPool2d(2)
        self.relu = nn.ReLU()
        self.stages = len(layers)
        inplanes = width
        for index, blocks in enumerate(layers):
            planes = width * 2 ** index
            stride = 1 if index == 0 else 2
            modules = [Bottleneck(inplanes, planes, stride)]
            inplanes = planes * Bottleneck.expansion
            modules += [Bottleneck(inplanes, planes) for _ in range(1, blocks)]
            setattr(self, f"layer{index + 1}", nn.Sequential(*modules))
        embed_dim = inplanes
        downsampling = 4 * 2 ** (len(layers) - 1)
        self.attnpool = AttentionPool2d(input_resolution // downsampling, embed_dim, heads, output_dim)

    def forward(self, x):
        for conv, bn in [(self.conv1, self.bn1), (self.conv2, self.bn2), (self.conv3, self.bn3)]:
            x = self.relu(bn(conv(x)))
        x = self.avgpool(x)
        for index in range(self.stages):
            x = getattr(self, f"layer{index + 1}")(x)
        return self.attnpool(x)


# ---------------------------------------------------------------------------------------------
# The text tower and the ViT, only as far as the checkpoint layout and the archives need them
# ---------------------------------------------------------------------------------------------

class QuickGELU(nn.Module):
    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class ResidualAttentionBlock(nn.Module):
    def __init__(self, width, heads, attn_mask=None):
        super().__init__()
        self.attn = nn.MultiheadAttention(width, heads)
        self.ln_1 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(OrderedDict([
            ("c_fc", nn.Linear(width, width * 4)),
            ("gelu", QuickGELU()),
            ("c_proj", nn.Linear(width * 4, width)),
        ]))
        self.ln_2 = nn.LayerNorm(width)
        self.attn_mask = attn_mask

    def forward(self, x):
        x = x + self.attn(self.ln_1(x), self.ln_1(x), self.ln_1(x), need_weights=False, attn_mask=self.attn_mask)[0]
        return x + self.mlp(self.ln_2(x))


class Transformer(nn.Module):
    def __init__(self, width, layers, heads, attn_mask=None):
        super().__init__()
        self.resblocks = nn.Sequential(*[ResidualAttentionBlock(width, heads, attn_mask) for _ in range(layers)])

    def forward(self, x):
        return self.resblocks(x)


class VisionTransformer(nn.Module):
    def __init__(self, input_resolution, patch_size, width, layers, heads, output_dim):
        super().__init__()
        self.conv1 = nn.Conv2d(3, width, kernel_size=patch_size, stride=patch_size, bias=False)
        scale = width ** -0.5
        self.class_embedding = nn.Parameter(scale * torch.randn(width))
        self.positional_embedding = nn.Parameter(scale * torch.randn((input_resolution // patch_size) ** 2 + 1, width))
        self.ln_pre = nn.LayerNorm(width)
        self.transformer = Transformer(width, layers, heads)
        self.ln_post = nn.LayerNorm(width)
        self.proj = nn.Parameter(scale * torch.randn(width, output_dim))

    def forward(self, x):
        x = self.conv1(x).flatten(start_dim=2).permute(0, 2, 1)  # (batch, grid², width)
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding
        x = self.transformer(self.ln_pre(x).permute(1, 0, 2)).permute(1, 0, 2)
        return self.ln_post(x[:, 0, :]) @ self.proj


class Clip(nn.Module):
    def __init__(self, embed_dim, visual, context_length, vocab_size, text_width, text_layers, text_heads):
        super().__init__()
        self.visual = visual
        mask = torch.full((context_length, context_length), float("-inf")).triu_(1)
        self.transformer = Transformer(text_width, text_layers, text_heads, attn_mask=mask)
        self.token_embedding = nn.Embedding(vocab_size, text_width)
        self.positional_embedding = nn.Parameter(torch.randn(context_length, text_width) * 0.01)
        self.ln_final = nn.LayerNorm(text_width)
        self.text_projection = nn.Parameter(torch.randn(text_width, embed_dim) * text_width ** -0.5)
        self.logit_scale = nn.Parameter(torch.ones([]) * math.log(1 / 0.07))

    def encode_image(self, image):
        features = self.visual(image)
        return features[0] if isinstance(features, tuple) else features

    def encode_text(self, text):
        x = self.token_embedding(text) + self.positional_embedding
        x = self.transformer(x.permute(1, 0, 2)).permute(1, 0, 2)
        x = self.ln_final(x)
        return x[torch.arange(x.shape[0]), text.argmax(dim=-1)] @ self.text_projection

    def forward(self, image, text):
        image_features = F.normalize(self.encode_image(image), dim=-1)
        text_features = F.normalize(self.encode_text(text), dim=-1)
        return self.logit_scale.exp() * image_features @ text_features.t()


# ---------------------------------------------------------------------------------------------
# Random weights
# ---------------------------------------------------------------------------------------------

RESIDUAL_SCALE = re.compile(r"layer\d+\.\d+\.bn3\.weight$")


def randomise(model, generator):
    """Give every parameter and batch-norm statistic random values, so that tests exercise each one."""
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith("bias") or ".bn" in name or name.startswith("bn") or "downsample.1" in name \
                    or ".ln_" in name or name.startswith("ln_"):
                if RESIDUAL_SCALE.search(name):
                    # CLIP initialises these at zero. Scales near 1 make a random 16-block tower
                    # amplify float32 rounding to about 3e-4, above the tests' 1e-4 tolerance.
                    parameter.uniform_(0.1, 0.4, generator=generator)
                elif name.endswith("weight"):
                    parameter.uniform_(0.5, 1.5, generator=generator)
                else:
                    parameter.normal_(0.0, 0.1, generator=generator)
            elif parameter.dim() >= 2 and "embedding" not in name:
                fan_in = parameter[0].numel() if parameter.dim() == 4 else parameter.shape[-1]
                if name.endswith("text_projection") or name.endswith("visual.proj"):
                    fan_in = parameter.shape[0]  # applied as x @ projection
                parameter.normal_(0.0, (2.0 / fan_in) ** 0.5, generator=generator)
            elif "embedding" in name:
                parameter.normal_(0.0, parameter.shape[-1] ** -0.5, generator=generator)
        for name, buffer in model.named_buffers():
            if name.endswith("running_mean"):
                buffer.normal_(0.0, 0.1, generator=generator)
            elif name.endswith("running_var"):
                buffer.uniform_(0.5, 1.5, generator=generator)


def calibrate_batch_norm(visual, image_size, generator, batches=4, batch_size=4):
    """Set the running statistics from random normalised inputs.

    Activations then stay near unit scale through deep towers, so an absolute tolerance means the
    same at every depth."""
    momenta = {}
    for module in visual.modules():
        if isinstance(module, nn.BatchNorm2d):
            momenta[module] = module.momentum
            module.momentum = None  # cumulative average over the calibration batches
            module.reset_running_stats()
    visual.train()
    with torch.no_grad():
        for _ in range(batches):
            visual(torch.randn(batch_size, 3, image_size, image_size, generator=generator))
    for module, momentum in momenta.items():
        module.momentum = momentum
    visual.eval()


# ---------------------------------------------------------------------------------------------
# Configuration in RegionTag's OpenAI-names layout
# ---------------------------------------------------------------------------------------------

def transformer_config(width, layers, heads):
    return {"width": width, "layers": layers, "heads": heads, "mlp_width": width * 4,
            "activation": "quick_gelu", "layer_norm_eps": 1e-5}


def resnet_config(args):
    return {
        "format": CONFIG_FORMAT,
        "format_version": CONFIG_FORMAT_VERSION,
        "embed_dim": args.output_dim,
        "vision": {"type": "resnet", "layers": args.layers, "width": args.width, "heads": args.heads,
                   "image_size": args.image_size, "output_dim": args.output_dim},
        "text": dict(vocab_size=args.vocab_size, context_length=args.context_length,
                     **transformer_config(args.text_width, args.text_layers, args.text_heads)),
    }


def build_resnet_clip(config):
    vision = config["vision"]
    text = config["text"]
    visual = ModifiedResNet(vision["layers"], vision["output_dim"], vision["heads"], vision["image_size"],
                            vision["width"])
    return Clip(config["embed_dim"], visual, text["context_length"], text["vocab_size"], text["width"],
                text["layers"], text["heads"])


def float_state(model):
    """The state dict without integer buffers (num_batches_tracked), which the layout leaves out."""
    return OrderedDict((name, tensor) for name, tensor in model.state_dict().items()
                       if tensor.is_floating_point())


# ---------------------------------------------------------------------------------------------
# Sub-commands
# ---------------------------------------------------------------------------------------------

def command_checkpoint(args):
    generator = torch.Generator().manual_seed(args.seed)
    config = resnet_config(args)
    model = build_resnet_clip(config)
    randomise(model, generator)
    if not args.no_calibration:
        calibrate_batch_norm(model.visual, args.image_size, generator)
    model.eval()

    os.makedirs(args.out, exist_ok=True)
    write_safetensors(os.path.join(args.out, "model.safetensors"), float_state(model))
    with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as out:
        json.dump(config, out, indent=2)
        out.write("\n")
    if args.tokenizer:
        shutil.copyfile(args.tokenizer, os.path.join(args.out, "tokenizer.json"))


def load_checkpoint(folder):
    with open(os.path.join(folder, "config.json"), encoding="utf-8") as source:
        config = json.load(source)
    model = build_resnet_clip(config)
    state = read_safetensors(os.path.join(folder, "model.safetensors"))
    missing, unexpected = model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    missing = [name for name in missing if not name.endswith("num_batches_tracked")]
    if missing or unexpected:
        raise SystemExit(f"{folder}: missing tensors {missing}, unexpected tensors {unexpected}")
    return model.eval()


def command_reference(args):
    model = load_checkpoint(args.model)
    generator = torch.Generator().manual_seed(args.seed)
    images = torch.randn(args.batch, 3, args.input_size, args.input_size, generator=generator)

    visual = model.visual.double().eval()
    with torch.no_grad():
        image_embeds, dense = visual(images.double())
    outputs = {"images": images, "image_embeds": image_embeds.float(), "dense": dense.float()}

    # Training mode: batch statistics, and the running statistics that one step leaves behind.
    trained = copy.deepcopy(visual).train()
    with torch.no_grad():
        train_embeds, train_dense = trained(images.double())
    outputs["train.image_embeds"] = train_embeds.float()
    outputs["train.dense"] = train_dense.float()
    for name, buffer in trained.named_buffers():
        if buffer.is_floating_point():
            outputs["train.visual." + name] = buffer.float()

    if args.token_ids:
        with open(args.token_ids, encoding="utf-8") as source:
            ids = torch.tensor(json.load(source), dtype=torch.long)
        text_model = model.double().eval()
        with torch.no_grad():
            outputs["text_embeds"] = text_model.encode_text(ids).float()

    write_safetensors(args.out, outputs)


def build_archive_model(kind, generator, vocab_size=100):
    """A tiny CLIP with OpenAI's module names; sizes are odd on purpose."""
    if kind == "resnet":
        visual = ModifiedResNet([2, 1, 1, 1], output_dim=24, heads=2, input_resolution=64, width=4)
    else:
        visual = VisionTransformer(input_resolution=48, patch_size=8, width=64, layers=2, heads=1, output_dim=24)
    model = Clip(embed_dim=24, visual=visual, context_length=16, vocab_size=vocab_size, text_width=128,
                 text_layers=2, text_heads=2)
    randomise(model, generator)
    return model.eval()


HALVED_NAME_PARTS = ("conv", "downsample.0.", "_proj.", "in_proj_", "out_proj.", "c_fc.", "c_proj.")


def convert_weights_to_fp16(traced):
    """Halve the tensors that OpenAI's convert_weights halves (convolutions, linear layers,
    attention projections, text_projection and proj) while norms and embeddings stay float32.
    A traced module has no nn.Conv2d instances left, so the tensors are chosen by name."""
    for name, parameter in traced.named_parameters():
        halved = any(part in name for part in HALVED_NAME_PARTS) or name in ("text_projection", "visual.proj")
        if halved:
            parameter.data = parameter.data.half()


def command_archive(args):
    generator = torch.Generator().manual_seed(args.seed)
    model = build_archive_model(args.kind, generator, args.vocab_size)
    image_size = 64 if args.kind == "resnet" else 48
    image = torch.randn(2, 3, image_size, image_size, generator=generator)
    text = torch.zeros(2, 16, dtype=torch.long)
    text[:, 0] = 98
    text[:, 1] = 5
    text[:, 2] = 99
    if args.state_dict:
        torch.save(model.state_dict(), args.out)
        return
    with torch.no_grad(), warnings.catch_warnings():
        # The size test in positional_embedding_for becomes a constant of the trace, which is
        # what the archive needs: it is only ever read for its tensors.
        warnings.simplefilter("ignore", torch.jit.TracerWarning)
        traced = torch.jit.trace(model, (image, text), check_trace=False)
    if args.half:
        convert_weights_to_fp16(traced)
    torch.jit.save(traced, args.out)
    write_safetensors(args.tensors, float_state(traced))


def resident_megabytes():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def command_benchmark(args):
    torch.set_num_threads(args.threads)
    device = torch.device("cuda" if args.device == "gpu" else "cpu")
    if args.device == "gpu" and not torch.cuda.is_available():
        raise SystemExit("--device gpu: this PyTorch has no CUDA device; use --device cpu")
    model = load_checkpoint(args.model)
    visual = model.visual.to(device).eval()
    generator = torch.Generator().manual_seed(0)
    batch = torch.randn(args.batch, 3, args.image_size, args.image_size, generator=generator).to(device)

    if args.train:
        visual.train()
        for parameter in visual.parameters():
            parameter.requires_grad_(True)

    def step():
        if args.train:
            image_embeds, dense = visual(batch)
            loss = image_embeds.square().mean() + dense.square().mean()
            loss.backward()
            for parameter in visual.parameters():
                parameter.grad = None
        else:
            with torch.no_grad():
                visual(batch)

    for _ in range(args.warmup):
        step()
    rss_start = resident_megabytes()
    rss_max = rss_start
    done = 0
    started = time.perf_counter()
    while done < args.images:
        step()
        done += args.batch
        rss_max = max(rss_max, resident_megabytes())
    elapsed = time.perf_counter() - started
    with open("/proc/self/maps", encoding="ascii", errors="replace") as maps:
        blas = "openblas" if "openblas" in maps.read() else "reference or other"
    print(json.dumps({
        "engine": "pytorch-eager", "torch": torch.__version__, "threads": torch.get_num_threads(), "blas": blas,
        "mkldnn_available": torch.backends.mkldnn.is_available(), "mkldnn_enabled": torch.backends.mkldnn.enabled,
        "mode": "training step" if args.train else "inference", "image_size": args.image_size,
        "batch": args.batch, "images": done, "seconds": round(elapsed, 3),
        "images_per_second": round(done / elapsed, 3),
        "rss_start_mb": round(rss_start, 1), "rss_end_mb": round(resident_megabytes(), 1),
        "rss_max_mb": round(rss_max, 1),
    }))


def int_list(text):
    return [int(part) for part in text.split(",") if part]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)

    checkpoint = commands.add_parser("checkpoint", help="write a random CLIP ResNet checkpoint")
    checkpoint.add_argument("--out", required=True, help="checkpoint folder to write")
    checkpoint.add_argument("--layers", type=int_list, default=[3, 4, 6, 3], help="blocks per stage, e.g. 3,4,6,3")
    checkpoint.add_argument("--width", type=int, default=64, help="stem width; stage i has width * 2^i * 4 channels")
    checkpoint.add_argument("--heads", type=int, default=32, help="attention-pool heads")
    checkpoint.add_argument("--image-size", type=int, default=224, help="input side in pixels the weights are for")
    checkpoint.add_argument("--output-dim", type=int, default=1024, help="joint embedding width")
    checkpoint.add_argument("--text-width", type=int, default=512)
    checkpoint.add_argument("--text-layers", type=int, default=12)
    checkpoint.add_argument("--text-heads", type=int, default=8)
    checkpoint.add_argument("--vocab-size", type=int, default=49408)
    checkpoint.add_argument("--context-length", type=int, default=77)
    checkpoint.add_argument("--seed", type=int, default=1)
    checkpoint.add_argument("--tokenizer", help="tokenizer.json to copy into the checkpoint")
    checkpoint.add_argument("--no-calibration", action="store_true",
                            help="keep random batch-norm statistics (faster for large towers)")

    reference = commands.add_parser("reference", help="write reference outputs of a checkpoint")
    reference.add_argument("--model", required=True, help="checkpoint folder")
    reference.add_argument("--out", required=True, help="safetensors file to write")
    reference.add_argument("--input-size", type=int, required=True, help="input side in pixels")
    reference.add_argument("--batch", type=int, default=2)
    reference.add_argument("--seed", type=int, default=7)
    reference.add_argument("--token-ids",
                           help="JSON list of token-id rows padded to the context length; adds text_embeds")

    archive = commands.add_parser("archive", help="write a tiny TorchScript CLIP archive")
    archive.add_argument("--kind", choices=["resnet", "vit"], required=True)
    archive.add_argument("--out", required=True, help="the .pt archive to write")
    archive.add_argument("--tensors", required=True, help="safetensors file with the archive's tensors")
    archive.add_argument("--half", action="store_true", help="store weights as OpenAI's archives do (float16)")
    archive.add_argument("--seed", type=int, default=3)
    archive.add_argument("--vocab-size", type=int, default=100,
                         help="rows of the token embedding; match the tokenizer the archive is imported with")
    archive.add_argument("--state-dict", action="store_true",
                         help="write a torch.save state dict instead, which is not a TorchScript archive")

    benchmark = commands.add_parser("benchmark", help="time PyTorch eager on a checkpoint")
    benchmark.add_argument("--model", required=True)
    benchmark.add_argument("--images", type=int, default=1000)
    benchmark.add_argument("--batch", type=int, default=8)
    benchmark.add_argument("--warmup", type=int, default=2, help="batches run before timing")
    benchmark.add_argument("--threads", type=int, default=2)
    benchmark.add_argument("--image-size", type=int, default=224)
    benchmark.add_argument("--device", choices=["cpu", "gpu"], default="cpu")
    benchmark.add_argument("--train", action="store_true",
                           help="time forward and backward passes in training mode instead of inference")

    args = parser.parse_args(argv)
    {"checkpoint": command_checkpoint, "reference": command_reference, "archive": command_archive,
     "benchmark": command_benchmark}[args.command](args)


if __name__ == "__main__":
    main(sys.argv[1:])
