"""Writes random CLIP checkpoints for tests and benchmarks.

The checkpoint is a folder with config.json, model.safetensors and tokenizer.json in the Hugging
Face CLIPModel layout (or, with --layout openai, OpenAI's parameter names and RegionTag's own
config.json). Tiny variants use deliberately odd sizes: head widths other than 64, MLP widths
other than 4x the width, non-default layer norm epsilons, input sizes that are not multiples of 32.

    make_tiny_clip.py --out DIR [--variant odd-quick|odd-gelu|vit-b-16] [--layout hf|openai]
                      [--dtype f32|f16|bf16] [--tokenizer tiny|PATH] [--seed N]
"""
import argparse
import json
import math
import os
import shutil

import torch

import safetensors_io
from tiny_tokenizer import build_tiny_tokenizer

VARIANTS = {
    # Head widths 16 and 8, MLPs of 5/3 and 9/5 the width, a 5x5 patch grid at 40 px.
    "odd-quick": dict(
        vision=dict(hidden_size=48, num_attention_heads=3, num_hidden_layers=2, intermediate_size=80,
                    image_size=40, patch_size=8, hidden_act="quick_gelu", layer_norm_eps=1e-6),
        text=dict(hidden_size=40, num_attention_heads=5, num_hidden_layers=2, intermediate_size=72,
                  hidden_act="quick_gelu", layer_norm_eps=3e-5),
        projection_dim=24),
    # Head widths 18 and 8, a 7x7 grid of 6 px patches at 42 px, exact GELU.
    "odd-gelu": dict(
        vision=dict(hidden_size=36, num_attention_heads=2, num_hidden_layers=3, intermediate_size=100,
                    image_size=42, patch_size=6, hidden_act="gelu", layer_norm_eps=2e-5),
        text=dict(hidden_size=32, num_attention_heads=4, num_hidden_layers=2, intermediate_size=50,
                  hidden_act="gelu", layer_norm_eps=1e-6),
        projection_dim=20),
    # OpenAI's ViT-B/16 sizes, for benchmarks (about 600 MB in float32; never commit it).
    "vit-b-16": dict(
        vision=dict(hidden_size=768, num_attention_heads=12, num_hidden_layers=12, intermediate_size=3072,
                    image_size=224, patch_size=16, hidden_act="quick_gelu", layer_norm_eps=1e-5),
        text=dict(hidden_size=512, num_attention_heads=8, num_hidden_layers=12, intermediate_size=2048,
                  hidden_act="quick_gelu", layer_norm_eps=1e-5),
        projection_dim=512),
}


def random_weights(config, vocab_size, context_length, generator):
    """Random tensors under Hugging Face's names, scaled so activations stay of order one."""
    def normal(*shape, std):
        return torch.randn(*shape, generator=generator) * std

    def layer_norm(prefix, width, tensors):
        tensors[prefix + ".weight"] = 1.0 + normal(width, std=0.1)
        tensors[prefix + ".bias"] = normal(width, std=0.1)

    def encoder(prefix, sizes, tensors):
        width, mlp = sizes["hidden_size"], sizes["intermediate_size"]
        for i in range(sizes["num_hidden_layers"]):
            layer = f"{prefix}.encoder.layers.{i}"
            layer_norm(layer + ".layer_norm1", width, tensors)
            for projection in ("q_proj", "k_proj", "v_proj", "out_proj"):
                tensors[f"{layer}.self_attn.{projection}.weight"] = normal(width, width, std=width ** -0.5)
                tensors[f"{layer}.self_attn.{projection}.bias"] = normal(width, std=0.05)
            layer_norm(layer + ".layer_norm2", width, tensors)
            tensors[layer + ".mlp.fc1.weight"] = normal(mlp, width, std=width ** -0.5)
            tensors[layer + ".mlp.fc1.bias"] = normal(mlp, std=0.05)
            tensors[layer + ".mlp.fc2.weight"] = normal(width, mlp, std=mlp ** -0.5)
            tensors[layer + ".mlp.fc2.bias"] = normal(width, std=0.05)

    vision, text, embed = config["vision"], config["text"], config["projection_dim"]
    tensors = {}
    width = vision["hidden_size"]
    patch = vision["patch_size"]
    positions = (vision["image_size"] // patch) ** 2 + 1
    tensors["vision_model.embeddings.patch_embedding.weight"] = normal(width, 3, patch, patch, std=(3 * patch * patch) ** -0.5)
    tensors["vision_model.embeddings.class_embedding"] = normal(width, std=0.5)
    tensors["vision_model.embeddings.position_embedding.weight"] = normal(positions, width, std=0.5)
    tensors["vision_model.embeddings.position_ids"] = torch.arange(positions).unsqueeze(0)
    layer_norm("vision_model.pre_layrnorm", width, tensors)
    encoder("vision_model", vision, tensors)
    layer_norm("vision_model.post_layernorm", width, tensors)
    tensors["visual_projection.weight"] = normal(embed, width, std=width ** -0.5)

    width = text["hidden_size"]
    tensors["text_model.embeddings.token_embedding.weight"] = normal(vocab_size, width, std=0.5)
    tensors["text_model.embeddings.position_embedding.weight"] = normal(context_length, width, std=0.3)
    tensors["text_model.embeddings.position_ids"] = torch.arange(context_length).unsqueeze(0)
    encoder("text_model", text, tensors)
    layer_norm("text_model.final_layer_norm", width, tensors)
    tensors["text_projection.weight"] = normal(embed, width, std=width ** -0.5)
    tensors["logit_scale"] = torch.tensor(math.log(100.0))
    return tensors


def hugging_face_config(config, vocab_size, context_length):
    text = dict(config["text"], vocab_size=vocab_size, max_position_embeddings=context_length,
                # Deliberately wrong, as in several published configs: the end-of-text id must come
                # from the tokenizer.
                eos_token_id=2)
    return {
        "architectures": ["CLIPModel"],
        "model_type": "clip",
        "projection_dim": config["projection_dim"],
        "logit_scale_init_value": 2.6592,
        "text_config": text,
        "vision_config": dict(config["vision"], num_channels=3),
    }


def openai_config(config, vocab_size, context_length):
    def tower(sizes):
        return {
            "width": sizes["hidden_size"], "layers": sizes["num_hidden_layers"],
            "heads": sizes["num_attention_heads"], "mlp_width": sizes["intermediate_size"],
            "activation": sizes["hidden_act"], "layer_norm_eps": sizes["layer_norm_eps"],
        }
    vision = config["vision"]
    return {
        "format": "regiontag-clip-openai",
        "format_version": 1,
        "embed_dim": config["projection_dim"],
        "text": dict(tower(config["text"]), vocab_size=vocab_size, context_length=context_length),
        "vision": dict(tower(vision), type="vit", image_size=vision["image_size"], patch_size=vision["patch_size"]),
    }


def to_openai_names(tensors, config):
    """Renames Hugging Face tensors to OpenAI's, fusing q/k/v and transposing the projections."""
    renamed = {}

    def block(theirs, ours):
        for norm, target in (("layer_norm1", "ln_1"), ("layer_norm2", "ln_2")):
            for kind in ("weight", "bias"):
                renamed[f"{ours}.{target}.{kind}"] = tensors[f"{theirs}.{norm}.{kind}"]
        for kind, target in (("weight", "in_proj_weight"), ("bias", "in_proj_bias")):
            renamed[f"{ours}.attn.{target}"] = torch.cat(
                [tensors[f"{theirs}.self_attn.{p}_proj.{kind}"] for p in ("q", "k", "v")])
            renamed[f"{ours}.attn.out_proj.{kind}"] = tensors[f"{theirs}.self_attn.out_proj.{kind}"]
            renamed[f"{ours}.mlp.c_fc.{kind}"] = tensors[f"{theirs}.mlp.fc1.{kind}"]
            renamed[f"{ours}.mlp.c_proj.{kind}"] = tensors[f"{theirs}.mlp.fc2.{kind}"]

    renamed["visual.conv1.weight"] = tensors["vision_model.embeddings.patch_embedding.weight"]
    renamed["visual.class_embedding"] = tensors["vision_model.embeddings.class_embedding"]
    renamed["visual.positional_embedding"] = tensors["vision_model.embeddings.position_embedding.weight"]
    for kind in ("weight", "bias"):
        renamed["visual.ln_pre." + kind] = tensors["vision_model.pre_layrnorm." + kind]
        renamed["visual.ln_post." + kind] = tensors["vision_model.post_layernorm." + kind]
        renamed["ln_final." + kind] = tensors["text_model.final_layer_norm." + kind]
    for i in range(config["vision"]["num_hidden_layers"]):
        block(f"vision_model.encoder.layers.{i}", f"visual.transformer.resblocks.{i}")
    for i in range(config["text"]["num_hidden_layers"]):
        block(f"text_model.encoder.layers.{i}", f"transformer.resblocks.{i}")
    renamed["visual.proj"] = tensors["visual_projection.weight"].t().contiguous()
    renamed["token_embedding.weight"] = tensors["text_model.embeddings.token_embedding.weight"]
    renamed["positional_embedding"] = tensors["text_model.embeddings.position_embedding.weight"]
    renamed["text_projection"] = tensors["text_projection.weight"].t().contiguous()
    renamed["logit_scale"] = tensors["logit_scale"]
    return renamed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="odd-quick")
    parser.add_argument("--layout", choices=["hf", "openai"], default="hf")
    parser.add_argument("--dtype", choices=["f32", "f16", "bf16"], default="f32")
    parser.add_argument("--tokenizer", default="tiny", help="'tiny' or the path of a CLIP tokenizer.json to copy")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    os.makedirs(args.out, exist_ok=True)
    tokenizer_path = os.path.join(args.out, "tokenizer.json")
    if args.tokenizer == "tiny":
        tokenizer = build_tiny_tokenizer()
        with open(tokenizer_path, "w", encoding="utf-8") as out:
            json.dump(tokenizer, out, ensure_ascii=False)
    else:
        shutil.copyfile(args.tokenizer, tokenizer_path)
        with open(tokenizer_path, encoding="utf-8") as source:
            tokenizer = json.load(source)
    vocab_size = max(max(tokenizer["model"]["vocab"].values()),
                     max((t["id"] for t in tokenizer.get("added_tokens", [])), default=0)) + 1
    context_length = 77

    config = VARIANTS[args.variant]
    generator = torch.Generator().manual_seed(args.seed)
    tensors = random_weights(config, vocab_size, context_length, generator)
    if args.layout == "openai":
        tensors = to_openai_names(tensors, config)
        file_config = openai_config(config, vocab_size, context_length)
    else:
        file_config = hugging_face_config(config, vocab_size, context_length)

    stored = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16}[args.dtype]
    tensors = {name: t.to(stored) if t.is_floating_point() else t for name, t in tensors.items()}
    safetensors_io.write(os.path.join(args.out, "model.safetensors"), tensors, {"format": "pt"})
    with open(os.path.join(args.out, "config.json"), "w", encoding="utf-8") as out:
        json.dump(file_config, out, indent=2)


if __name__ == "__main__":
    main()
