"""An independent CLIP forward pass in plain PyTorch, for checking RegionTag's DJL engine.

Written from the architecture (OpenAI's CLIP paper and the Hugging Face checkpoint layout), in
float64, reading Hugging Face-layout checkpoints with the hand-written safetensors reader.

    clip_reference.py embed --model DIR --request REQUEST.json --out RESULT.json
        REQUEST: {"pixels_file": F, "pixels_shape": [B, 3, H, W], "token_ids": [[...], ...]}
        (pixels as raw little-endian float32; token ids with start and end tokens, any padding)
        RESULT: image_embeds, dense (final norm and projection), dense_value_path (MaskCLIP),
        text_embeds, logit_scale
    clip_reference.py preprocess --image FILE --size N [--square] --out FILE.f32
        Hugging Face CLIPImageProcessor's steps with Pillow. The shortest side is resized to N
        (bicubic) and the centre N x N cropped, or with --square the image is resized to N x N.
        Values are then scaled to [0, 1] and normalised with CLIP's mean and std.
    clip_reference.py tokenize --tokenizer tokenizer.json --text T... (prints one id list per text)
    clip_reference.py bench --model DIR [--threads 2] [--images N] [--batch B]
"""
import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

import safetensors_io

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)


class Clip:
    def __init__(self, folder, dtype=torch.float64):
        with open(os.path.join(folder, "config.json"), encoding="utf-8") as source:
            config = json.load(source)
        self.vision = config["vision_config"]
        self.text = config["text_config"]
        self.weights = safetensors_io.read(os.path.join(folder, "model.safetensors"), dtype)
        self.dtype = dtype
        with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as source:
            tokenizer = json.load(source)
        self.eot_id = tokenizer["model"]["vocab"]["<|endoftext|>"]

    def w(self, name):
        return self.weights[name]

    @staticmethod
    def activation(name, x):
        if name == "quick_gelu":
            return x * torch.sigmoid(1.702 * x)
        if name == "gelu":
            return F.gelu(x)
        raise ValueError("unknown activation " + name)

    def layer_norm(self, x, prefix, eps):
        return F.layer_norm(x, x.shape[-1:], self.w(prefix + ".weight"), self.w(prefix + ".bias"), eps)

    def attention(self, x, prefix, heads, mask):
        """Multi-head self-attention with separate q, k, v projections, as Hugging Face stores them."""
        batch, tokens, width = x.shape
        head = width // heads

        def project(name):
            y = F.linear(x, self.w(f"{prefix}.{name}.weight"), self.w(f"{prefix}.{name}.bias"))
            return y.view(batch, tokens, heads, head).transpose(1, 2)

        q, k, v = project("q_proj"), project("k_proj"), project("v_proj")
        scores = (q * head ** -0.5) @ k.transpose(-1, -2)
        if mask is not None:
            scores = scores + mask
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, tokens, width)
        return F.linear(context, self.w(prefix + ".out_proj.weight"), self.w(prefix + ".out_proj.bias"))

    def mlp(self, x, prefix, activation):
        hidden = F.linear(x, self.w(prefix + ".fc1.weight"), self.w(prefix + ".fc1.bias"))
        return F.linear(self.activation(activation, hidden), self.w(prefix + ".fc2.weight"), self.w(prefix + ".fc2.bias"))

    def layer(self, x, prefix, sizes, mask):
        eps = sizes["layer_norm_eps"]
        x = x + self.attention(self.layer_norm(x, prefix + ".layer_norm1", eps), prefix + ".self_attn",
                               sizes["num_attention_heads"], mask)
        return x + self.mlp(self.layer_norm(x, prefix + ".layer_norm2", eps), prefix + ".mlp", sizes["hidden_act"])

    def value_path_layer(self, x, prefix, sizes):
        """MaskCLIP: x + out_proj(v_proj(ln_1(x))), then the block's MLP with its residual."""
        eps = sizes["layer_norm_eps"]
        y = self.layer_norm(x, prefix + ".layer_norm1", eps)
        v = F.linear(y, self.w(prefix + ".self_attn.v_proj.weight"), self.w(prefix + ".self_attn.v_proj.bias"))
        v = x + F.linear(v, self.w(prefix + ".self_attn.out_proj.weight"), self.w(prefix + ".self_attn.out_proj.bias"))
        return v + self.mlp(self.layer_norm(v, prefix + ".layer_norm2", eps), prefix + ".mlp", sizes["hidden_act"])

    def encode_image(self, pixels):
        sizes = self.vision
        patch = sizes["patch_size"]
        eps = sizes["layer_norm_eps"]
        x = F.conv2d(pixels, self.w("vision_model.embeddings.patch_embedding.weight"), stride=patch)
        batch, width, grid_h, grid_w = x.shape
        x = x.flatten(2).transpose(1, 2)
        cls = self.w("vision_model.embeddings.class_embedding").expand(batch, 1, width)
        x = torch.cat([cls, x], dim=1)
        positions = self.w("vision_model.embeddings.position_embedding.weight")
        grid = sizes["image_size"] // patch
        if (grid_h, grid_w) != (grid, grid):
            table = positions[1:].reshape(1, grid, grid, width).permute(0, 3, 1, 2)
            table = F.interpolate(table, size=(grid_h, grid_w), mode="bicubic", align_corners=False)
            positions = torch.cat([positions[:1], table.permute(0, 2, 3, 1).reshape(grid_h * grid_w, width)])
        x = self.layer_norm(x + positions, "vision_model.pre_layrnorm", eps)
        layers = sizes["num_hidden_layers"]
        for i in range(layers - 1):
            x = self.layer(x, f"vision_model.encoder.layers.{i}", sizes, None)
        last_input = x
        x = self.layer(x, f"vision_model.encoder.layers.{layers - 1}", sizes, None)
        value = self.value_path_layer(last_input, f"vision_model.encoder.layers.{layers - 1}", sizes)

        projection = self.w("visual_projection.weight")

        def project(tokens):
            return F.linear(self.layer_norm(tokens, "vision_model.post_layernorm", eps), projection)

        image = project(x[:, 0])
        dense = project(x[:, 1:]).reshape(batch, grid_h, grid_w, -1)
        dense_value = project(value[:, 1:]).reshape(batch, grid_h, grid_w, -1)
        return image, dense, dense_value

    def encode_text(self, token_ids):
        sizes = self.text
        ids = torch.tensor(token_ids, dtype=torch.long)
        batch, tokens = ids.shape
        x = self.w("text_model.embeddings.token_embedding.weight")[ids]
        x = x + self.w("text_model.embeddings.position_embedding.weight")[:tokens]
        mask = torch.full((tokens, tokens), float("-inf"), dtype=self.dtype).triu(1)
        for i in range(sizes["num_hidden_layers"]):
            x = self.layer(x, f"text_model.encoder.layers.{i}", sizes, mask)
        x = self.layer_norm(x, "text_model.final_layer_norm", sizes["layer_norm_eps"])
        # The first end-of-text token of each row, found by value rather than by argmax.
        eot = [row.index(self.eot_id) for row in ids.tolist()]
        pooled = x[torch.arange(batch), torch.tensor(eot)]
        return F.linear(pooled, self.w("text_projection.weight"))


def command_embed(args):
    with open(args.request, encoding="utf-8") as source:
        request = json.load(source)
    model = Clip(args.model)
    result = {"logit_scale": float(model.w("logit_scale").exp())}
    with torch.no_grad():
        if "pixels_file" in request:
            with open(request["pixels_file"], "rb") as source:
                raw = bytearray(source.read())
            pixels = torch.frombuffer(raw, dtype=torch.float32).reshape(request["pixels_shape"]).to(torch.float64)
            image, dense, dense_value = model.encode_image(pixels)
            result["image_embeds"] = image.tolist()
            result["dense"] = dense.tolist()
            result["dense_value_path"] = dense_value.tolist()
        if request.get("token_ids"):
            result["text_embeds"] = model.encode_text(request["token_ids"]).tolist()
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out)


def command_preprocess(args):
    import numpy as np
    from PIL import Image

    image = Image.open(args.image).convert("RGB")
    size = args.size
    if args.square:
        image = image.resize((size, size), Image.BICUBIC)
        top = left = 0
    else:
        width, height = image.size
        short, long = (width, height) if width <= height else (height, width)
        new_short, new_long = size, int(size * long / short)
        new_size = (new_short, new_long) if width <= height else (new_long, new_short)
        image = image.resize(new_size, Image.BICUBIC)
        top = (image.size[1] - size) // 2
        left = (image.size[0] - size) // 2
    array = np.asarray(image)[top:top + size, left:left + size]
    scaled = (array.astype(np.float64) * (1 / 255)).astype(np.float32)
    normalised = (scaled - np.array(CLIP_MEAN, dtype=np.float32)) / np.array(CLIP_STD, dtype=np.float32)
    normalised.transpose(2, 0, 1).astype("<f4").tofile(args.out)


def command_tokenize(args):
    from tiny_tokenizer import encode

    with open(args.tokenizer, encoding="utf-8") as source:
        tokenizer = json.load(source)
    print(json.dumps([encode(tokenizer, text) for text in args.text]))


def command_bench(args):
    torch.set_num_threads(args.threads)
    model = Clip(args.model, dtype=torch.float32)
    size = model.vision["image_size"]
    generator = torch.Generator().manual_seed(0)
    pixels = torch.randn(args.batch, 3, size, size, generator=generator)
    with torch.no_grad():
        for _ in range(args.warmup):
            model.encode_image(pixels)
        start = time.perf_counter()
        cpu_start = time.process_time()
        done = 0
        while done < args.images:
            model.encode_image(pixels)
            done += args.batch
        elapsed = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    print(json.dumps({"engine": "pytorch-eager", "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "library_path": os.environ.get("LD_LIBRARY_PATH", ""), "batch": args.batch, "images": done,
                      "seconds": round(elapsed, 3), "images_per_second": round(done / elapsed, 3),
                      "cpu_seconds": round(cpu, 3), "images_per_cpu_second": round(done / cpu, 3)}))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    embed = commands.add_parser("embed")
    embed.add_argument("--model", required=True)
    embed.add_argument("--request", required=True)
    embed.add_argument("--out", required=True)
    preprocess = commands.add_parser("preprocess")
    preprocess.add_argument("--image", required=True)
    preprocess.add_argument("--size", type=int, required=True)
    preprocess.add_argument("--square", action="store_true")
    preprocess.add_argument("--out", required=True)
    tokenize = commands.add_parser("tokenize")
    tokenize.add_argument("--tokenizer", required=True)
    tokenize.add_argument("--text", nargs="+", required=True)
    bench = commands.add_parser("bench")
    bench.add_argument("--model", required=True)
    bench.add_argument("--threads", type=int, default=2)
    bench.add_argument("--images", type=int, default=64)
    bench.add_argument("--batch", type=int, default=8)
    bench.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    {"embed": command_embed, "preprocess": command_preprocess, "tokenize": command_tokenize,
     "bench": command_bench}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
