#!/usr/bin/python3
"""Tiny ONNX models for LutBridge's neural-runtime tests, and their forward pass in numpy.

The models have the names and shapes of real exports (CLIP's pixel_values -> image_embeds,
input_ids -> text_embeds, DINOv2's last_hidden_state, a segmenter's masks) and known
weights, so what ONNX Runtime computes can be checked against numpy here.

  tiny_models.py make DIR                      writes DIR/<name>.onnx and DIR/<name>.npz
  tiny_models.py forward NAME DIR IN OUT N     numpy forward of model NAME on IN (raw float32 or int64
                                               [N,...]), writes OUT as raw float32
"""
import sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

SIZE = 224


def conv_spec(rng, cin, cout, k):
    return (rng.standard_normal((cout, cin, k, k)).astype(np.float32) / np.sqrt(cin * k * k),
            rng.standard_normal(cout).astype(np.float32) * 0.1)


def image_input(channels=3):
    return helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", channels, SIZE, SIZE])


def save(dirname, name, nodes, inputs, outputs, weights):
    inits = [numpy_helper.from_array(v, k) for k, v in weights.items()]
    graph = helper.make_graph(nodes, name, inputs, outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="lutbridge-tests")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, f"{dirname}/{name}.onnx")
    np.savez(f"{dirname}/{name}.npz", **weights)


def conv_chain(rng, channels, strides, prefix="c"):
    """Conv+Relu layers (3x3, pad 1) with the given output channels and strides."""
    nodes, weights, cin, x = [], {}, 3, "pixel_values"
    for i, (cout, s) in enumerate(zip(channels, strides)):
        w, b = conv_spec(rng, cin, cout, 3)
        weights[f"{prefix}{i}_w"], weights[f"{prefix}{i}_b"] = w, b
        nodes.append(helper.make_node("Conv", [x, f"{prefix}{i}_w", f"{prefix}{i}_b"], [f"{prefix}{i}"],
                                      kernel_shape=[3, 3], strides=[s, s], pads=[1, 1, 1, 1]))
        nodes.append(helper.make_node("Relu", [f"{prefix}{i}"], [f"{prefix}{i}_r"]))
        cin, x = cout, f"{prefix}{i}_r"
    return nodes, weights, x, cin


def embed_head(rng, nodes, weights, x, cin, dim):
    nodes.append(helper.make_node("GlobalAveragePool", [x], ["gap"]))
    nodes.append(helper.make_node("Flatten", ["gap"], ["flat"], axis=1))
    weights["fc_w"] = (rng.standard_normal((dim, cin)) / np.sqrt(cin)).astype(np.float32)
    weights["fc_b"] = (rng.standard_normal(dim) * 0.1).astype(np.float32)
    nodes.append(helper.make_node("Gemm", ["flat", "fc_w", "fc_b"], ["image_embeds"], transB=1))


def make(dirname):
    rng = np.random.default_rng(20261205)
    # CLIP-like image encoder: one strided conv, pooling, projection.
    nodes, weights, x, c = conv_chain(rng, [4], [2])
    embed_head(rng, nodes, weights, x, c, 8)
    save(dirname, "tiny_image_embed", nodes, [image_input()],
         [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", 8])], weights)
    # A model of realistic cost for the benchmark (~1 GMAC per image, ResNet-18 class): five convolutions from 224^2.
    nodes, weights, x, c = conv_chain(rng, [32, 64, 128, 256, 512], [1, 2, 2, 2, 2])
    embed_head(rng, nodes, weights, x, c, 512)
    save(dirname, "bench_image_embed", nodes, [image_input()],
         [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", 512])], weights)
    # CLIP-like text encoder: token embedding table, mean over the sequence.
    table = rng.standard_normal((100, 8)).astype(np.float32)
    save(dirname, "tiny_text_embed",
         [helper.make_node("Gather", ["table", "input_ids"], ["tok"], axis=0),
          helper.make_node("ReduceMean", ["tok"], ["text_embeds"], axes=[1], keepdims=0)],
         [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"])],
         [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch", 8])], {"table": table})
    # DINOv2-like patch features: one 14x14 patch embedding.
    w, b = conv_spec(rng, 3, 6, 14)
    save(dirname, "tiny_patch_features",
         [helper.make_node("Conv", ["pixel_values", "p_w", "p_b"], ["last_hidden_state"], kernel_shape=[14, 14], strides=[14, 14])],
         [image_input()], [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", 6, 16, 16])],
         {"p_w": w, "p_b": b})
    # A patch descriptor that matches across a colour grade (for distil's correspondences): each
    # 14x14 patch of the grey image projected on the 15 lowest 2-D cosines without the constant,
    # scaled to unit length, so a patch's features ignore its brightness and contrast.
    basis = dct_basis(14, 4)
    grey = np.full((1, 3, 1, 1), 1 / 3, np.float32)
    save(dirname, "patch_descriptor",
         [helper.make_node("Conv", ["pixel_values", "grey_w"], ["grey"], kernel_shape=[1, 1]),
          helper.make_node("Conv", ["grey", "dct_w"], ["coef"], kernel_shape=[14, 14], strides=[14, 14]),
          helper.make_node("ReduceSumSquare", ["coef"], ["energy"], axes=[1], keepdims=1),
          helper.make_node("Add", ["energy", "eps"], ["energy_eps"]),
          helper.make_node("Sqrt", ["energy_eps"], ["norm"]),
          helper.make_node("Div", ["coef", "norm"], ["last_hidden_state"])],
         [image_input()], [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", 15, 16, 16])],
         {"grey_w": grey, "dct_w": basis, "eps": np.array([1e-6], np.float32)})
    # A segmenter: per-pixel scores.
    w, b = conv_spec(rng, 3, 2, 1)
    save(dirname, "tiny_segmentation",
         [helper.make_node("Conv", ["pixel_values", "s_w", "s_b"], ["s"], kernel_shape=[1, 1]),
          helper.make_node("Sigmoid", ["s"], ["masks"])],
         [image_input()], [helper.make_tensor_value_info("masks", TensorProto.FLOAT, ["batch", 2, SIZE, SIZE])],
         {"s_w": w, "s_b": b})
    # A CLIP-like pair whose answers are known, for prompt refinement: the image embeds as its
    # normalised channel means; each word of a tiny vocabulary as a fixed colour direction,
    # tokenised by a Hugging Face tokenizer.json with begin/end tokens as CLIP's has.
    save(dirname, "clip_mean_image",
         [helper.make_node("GlobalAveragePool", ["pixel_values"], ["gap"]),
          helper.make_node("Flatten", ["gap"], ["image_embeds"], axis=1)],
         [image_input()], [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", 3])], {})
    words = np.zeros((len(VOCAB), 3), np.float32)
    for word, direction in WORD_DIRECTIONS.items():
        words[VOCAB[word]] = direction
    save(dirname, "clip_words_text",
         [helper.make_node("Gather", ["table", "input_ids"], ["tok"], axis=0),
          helper.make_node("ReduceMean", ["tok"], ["text_embeds"], axes=[1], keepdims=0)],
         [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", "seq"])],
         [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch", 3])], {"table": words})
    # The same with a fixed sequence length and an attention mask (as CLIP's 77-token exports):
    # the masked mean over the real tokens.
    save(dirname, "clip_words_text_fixed",
         [helper.make_node("Gather", ["table", "input_ids"], ["tok"], axis=0),
          helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
          helper.make_node("Unsqueeze", ["maskf", "last_axis"], ["mask3"]),
          helper.make_node("Mul", ["tok", "mask3"], ["masked"]),
          helper.make_node("ReduceSum", ["masked", "seq_axis"], ["total"], keepdims=0),
          helper.make_node("ReduceSum", ["mask3", "seq_axis"], ["count"], keepdims=0),
          helper.make_node("Div", ["total", "count"], ["text_embeds"])],
         [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", FIXED_LENGTH]),
          helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", FIXED_LENGTH])],
         [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch", 3])],
         {"table": words, "last_axis": np.array([2], np.int64), "seq_axis": np.array([1], np.int64)})
    write_tokenizer(f"{dirname}/clip_words_tokenizer.json")
    # Mismatched: a one-channel image encoder (must be refused as image-embedding).
    w, b = conv_spec(rng, 1, 4, 3)
    save(dirname, "wrong_channels",
         [helper.make_node("Conv", ["pixel_values", "w_w", "w_b"], ["y"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
          helper.make_node("GlobalAveragePool", ["y"], ["gap"]),
          helper.make_node("Flatten", ["gap"], ["image_embeds"], axis=1)],
         [image_input(1)], [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", 4])],
         {"w_w": w, "w_b": b})


VOCAB = {"[UNK]": 0, "[BOS]": 1, "[EOS]": 2, "a": 3, "photo": 4, "warm": 5, "cool": 6, "greener": 7}
WORD_DIRECTIONS = {"warm": [3, 0, -3], "cool": [-3, 0, 3], "greener": [-1.5, 3, -1.5]}
FIXED_LENGTH = 8


def write_tokenizer(path):
    """A WordLevel tokenizer.json: lower-cased, split on whitespace, [BOS] text [EOS]."""
    import json
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": VOCAB[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for t in ("[UNK]", "[BOS]", "[EOS]")],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "[BOS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                                      {"SpecialToken": {"id": "[EOS]", "type_id": 0}}],
                           "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                           "special_tokens": {t: {"id": t, "ids": [VOCAB[t]], "tokens": [t]} for t in ("[BOS]", "[EOS]")}},
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": VOCAB, "unk_token": "[UNK]"},
    }
    with open(path, "w") as f:
        json.dump(tokenizer, f)


def dct_basis(k, n):
    """The n x n lowest 2-D DCT-II basis functions on k x k pixels without the constant one: [n*n-1, 1, k, k]."""
    t = (np.arange(k) + 0.5) * np.pi / k
    rows = [np.cos(u * t)[:, None] * np.cos(v * t)[None, :] for u in range(n) for v in range(n) if (u, v) != (0, 0)]
    return np.stack(rows)[:, None].astype(np.float32)


def conv2d(x, w, b, stride, pad):
    """Direct convolution, NCHW, written independently of ONNX Runtime."""
    n, cin, h, wd = x.shape
    cout, _, k, _ = w.shape
    xp = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = (h + 2 * pad - k) // stride + 1, (wd + 2 * pad - k) // stride + 1
    out = np.zeros((n, cout, oh, ow))
    for i in range(k):
        for j in range(k):
            patch = xp[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, i, j].astype(np.float64))
    return out + b.astype(np.float64)[None, :, None, None]


def forward(name, dirname, x):
    p = np.load(f"{dirname}/{name}.npz")
    if name in ("tiny_image_embed", "bench_image_embed"):
        i, strides = 0, [2] if name == "tiny_image_embed" else [1, 2, 2, 2, 2]
        while f"c{i}_w" in p:
            x = np.maximum(conv2d(x, p[f"c{i}_w"], p[f"c{i}_b"], strides[i], 1), 0)
            i += 1
        g = x.mean(axis=(2, 3))
        return g @ p["fc_w"].T.astype(np.float64) + p["fc_b"]
    if name in ("tiny_text_embed", "clip_words_text"):
        return p["table"].astype(np.float64)[x].mean(axis=1)
    if name == "tiny_patch_features":
        return conv2d(x, p["p_w"], p["p_b"], 14, 0)
    if name == "patch_descriptor":
        grey = x.astype(np.float64).mean(axis=1, keepdims=True)
        coef = conv2d(grey, p["dct_w"], np.zeros(len(p["dct_w"]), np.float32), 14, 0)
        return coef / np.sqrt((coef ** 2).sum(axis=1, keepdims=True) + 1e-6)
    if name == "tiny_segmentation":
        return 1 / (1 + np.exp(-conv2d(x, p["s_w"], p["s_b"], 1, 0)))
    raise SystemExit(f"unknown model {name}")


def main(argv):
    if len(argv) == 3 and argv[1] == "make":
        make(argv[2])
    elif len(argv) == 7 and argv[1] == "forward":
        name, dirname, src, dst, n = argv[2], argv[3], argv[4], argv[5], int(argv[6])
        if name in ("tiny_text_embed", "clip_words_text"):
            x = np.fromfile(src, dtype=np.int64).reshape(n, -1)
        else:
            x = np.fromfile(src, dtype=np.float32).reshape(n, 3, SIZE, SIZE)
        forward(name, dirname, x).astype(np.float32).tofile(dst)
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
