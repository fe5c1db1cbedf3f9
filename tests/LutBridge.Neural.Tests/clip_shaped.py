#!/usr/bin/python3
"""A CLIP ViT-B/32-shaped image-text pair with random weights, for LutBridge's speed benchmarks.

The graphs are CLIP's own architecture at its real sizes (as Hugging Face's CLIPVisionModelWithProjection
and CLIPTextModelWithProjection compute it), so a run costs what a real export costs:

  image tower  pixel_values [N,3,224,224] -> patches 32x32 -> width 768, 12 layers, 12 heads, MLP 3072
               -> class token -> projection 512 -> image_embeds [N,512]      (about 4.4 GMAC per image)
  text tower   input_ids, attention_mask [N,77] -> vocabulary 49408, width 512, 12 layers, 8 heads,
               MLP 2048, causal mask -> the end-of-text token (the largest id, as CLIP's argmax pools)
               -> projection 512 -> text_embeds [N,512]                         (about 2.9 GMAC per text)

The weights are random (seeded): speed does not depend on them, quality does not come from them
(the known-function models of tiny_models.py check quality). About 600 MB, generated in a few
seconds into a cache folder; never committed.

  clip_shaped.py make DIR    writes DIR/clip_b32_image.onnx, DIR/clip_b32_text.onnx, DIR/clip_b32_tokenizer.json
"""
import json
import sys
import numpy as np
import onnx
from onnx import helper, numpy_helper, TensorProto

IMAGE = dict(size=224, patch=32, width=768, layers=12, heads=12, mlp=3072)
TEXT = dict(length=77, vocab=49408, width=512, layers=12, heads=8, mlp=2048)
EMBED = 512
BOS, EOS = 49406, 49407


class Graph:
    """Nodes and initialisers of one graph, with CLIP's building blocks."""

    def __init__(self, rng):
        self.rng, self.nodes, self.weights, self.count = rng, [], {}, 0

    def name(self, stem):
        self.count += 1
        return f"{stem}_{self.count}"

    def const(self, stem, value):
        n = self.name(stem)
        self.weights[n] = np.asarray(value)
        return n

    def random(self, stem, shape, std=0.02):
        return self.const(stem, (self.rng.standard_normal(shape, dtype=np.float32) * std))

    def op(self, kind, inputs, **attrs):
        out = self.name(kind.lower())
        self.nodes.append(helper.make_node(kind, inputs, [out], **attrs))
        return out

    def layer_norm(self, x, width):
        return self.op("LayerNormalization", [x, self.const("ln_g", np.ones(width, np.float32)),
                                              self.const("ln_b", np.zeros(width, np.float32))], axis=-1, epsilon=1e-5)

    def linear(self, x, cin, cout, bias=True):
        y = self.op("MatMul", [x, self.random("w", (cin, cout))])
        return self.op("Add", [y, self.random("b", (cout,))]) if bias else y

    def attention(self, x, width, heads, mask=None):
        """Pre-norm multi-head self-attention with its residual; mask is added to the scores."""
        head = width // heads
        h = self.layer_norm(x, width)
        # CLIP scales q by head^-0.5; folded into its weights here.
        q = self.op("Mul", [self.linear(h, width, width), self.const("scale", np.float32(head ** -0.5))])
        k, v = self.linear(h, width, width), self.linear(h, width, width)
        split = self.const("heads_shape", np.array([0, 0, heads, head], np.int64))
        q = self.op("Transpose", [self.op("Reshape", [q, split])], perm=[0, 2, 1, 3])
        k = self.op("Transpose", [self.op("Reshape", [k, split])], perm=[0, 2, 3, 1])
        v = self.op("Transpose", [self.op("Reshape", [v, split])], perm=[0, 2, 1, 3])
        scores = self.op("MatMul", [q, k])
        if mask is not None:
            scores = self.op("Add", [scores, mask])
        context = self.op("MatMul", [self.op("Softmax", [scores], axis=-1), v])
        context = self.op("Reshape", [self.op("Transpose", [context], perm=[0, 2, 1, 3]),
                                      self.const("merge_shape", np.array([0, 0, width], np.int64))])
        return self.op("Add", [x, self.linear(context, width, width)])

    def mlp(self, x, width, hidden):
        """Pre-norm MLP with CLIP's quick GELU, x * sigmoid(1.702 x), and its residual."""
        h = self.linear(self.layer_norm(x, width), width, hidden)
        h = self.op("Mul", [h, self.op("Sigmoid", [self.op("Mul", [h, self.const("gelu", np.float32(1.702))])])])
        return self.op("Add", [x, self.linear(h, hidden, width)])

    def save(self, path, name, inputs, outputs, final):
        self.nodes[-1].output[0] = final
        graph = helper.make_graph(self.nodes, name, inputs, outputs,
                                  [numpy_helper.from_array(v, k) for k, v in self.weights.items()])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="lutbridge-bench")
        model.ir_version = 8
        onnx.checker.check_model(model)
        onnx.save(model, path)


def image_tower(rng, path):
    c = IMAGE
    g, w = Graph(rng), c["width"]
    grid = c["size"] // c["patch"]
    patches = g.op("Conv", ["pixel_values", g.random("patch_w", (w, 3, c["patch"], c["patch"]))],
                   kernel_shape=[c["patch"]] * 2, strides=[c["patch"]] * 2)
    tokens = g.op("Transpose", [g.op("Reshape", [patches, g.const("flat", np.array([0, w, grid * grid], np.int64))])],
                  perm=[0, 2, 1])
    # The class token in front, broadcast over the batch.
    batch = g.op("Slice", [g.op("Shape", ["pixel_values"]), g.const("s0", np.array([0], np.int64)),
                           g.const("s1", np.array([1], np.int64))])
    cls_shape = g.op("Concat", [batch, g.const("cls_dims", np.array([1, w], np.int64))], axis=0)
    cls = g.op("Expand", [g.random("class_embedding", (1, 1, w)), cls_shape])
    x = g.op("Add", [g.op("Concat", [cls, tokens], axis=1), g.random("position_embedding", (grid * grid + 1, w))])
    x = g.layer_norm(x, w)  # pre_layrnorm
    for _ in range(c["layers"]):
        x = g.mlp(g.attention(x, w, c["heads"]), w, c["mlp"])
    pooled = g.op("Gather", [x, g.const("first", np.array(0, np.int64))], axis=1)
    g.linear(g.layer_norm(pooled, w), w, EMBED, bias=False)
    g.save(path, "clip_b32_image",
           [helper.make_tensor_value_info("pixel_values", TensorProto.FLOAT, ["batch", 3, c["size"], c["size"]])],
           [helper.make_tensor_value_info("image_embeds", TensorProto.FLOAT, ["batch", EMBED])], "image_embeds")


def text_tower(rng, path):
    c = TEXT
    g, w, n = Graph(rng), c["width"], c["length"]
    x = g.op("Gather", [g.random("token_embedding", (c["vocab"], w)), "input_ids"], axis=0)
    x = g.op("Add", [x, g.random("position_embedding", (n, w), std=0.01)])
    # Causal mask plus the padding mask, as Hugging Face's CLIP adds them to the scores.
    causal = np.triu(np.full((n, n), -1e4, np.float32), 1)[None, None]
    keep = g.op("Cast", [g.op("Unsqueeze", ["attention_mask", g.const("axes", np.array([1, 2], np.int64))])],
                to=TensorProto.FLOAT)
    padding = g.op("Mul", [g.op("Sub", [g.const("one", np.float32(1)), keep]), g.const("big", np.float32(-1e4))])
    mask = g.op("Add", [g.const("causal", causal), padding])
    for _ in range(c["layers"]):
        x = g.mlp(g.attention(x, w, c["heads"], mask), w, c["mlp"])
    x = g.layer_norm(x, w)  # final_layer_norm
    # Pool at the end-of-text token: the largest id, so argmax finds it (CLIP's rule).
    eot = g.op("Unsqueeze", [g.op("ArgMax", ["input_ids"], axis=-1, keepdims=0), g.const("axis1", np.array([1], np.int64))])
    pooled = g.op("GatherND", [x, eot], batch_dims=1)
    g.linear(pooled, w, EMBED, bias=False)
    g.save(path, "clip_b32_text",
           [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["batch", n]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", n])],
           [helper.make_tensor_value_info("text_embeds", TensorProto.FLOAT, ["batch", EMBED])], "text_embeds")


WORDS = ("a photo of the with and warm warmer cool cooler cold teal orange blue green greener red yellow purple "
         "magenta cyan film faded matte moody cinematic vintage golden hour bright brighter dark darker contrast "
         "shadows highlights skin foliage sky pastel muted vivid saturated desaturated black white sepia sunset "
         "night soft hard low high key not too slightly very much bit more less").split()


def write_tokenizer(path):
    """A WordLevel tokenizer.json with CLIP's vocabulary size and its begin/end ids (49406/49407)."""
    vocab = {"<|unk|>": 0}
    for word in WORDS:
        vocab.setdefault(word, len(vocab))
    for i in range(len(vocab), BOS):
        vocab[f"<|{i}|>"] = i
    vocab["<|startoftext|>"], vocab["<|endoftext|>"] = BOS, EOS
    special = [("<|unk|>", 0), ("<|startoftext|>", BOS), ("<|endoftext|>", EOS)]
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for t, i in special],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {"type": "TemplateProcessing",
                           "single": [{"SpecialToken": {"id": "<|startoftext|>", "type_id": 0}},
                                      {"Sequence": {"id": "A", "type_id": 0}},
                                      {"SpecialToken": {"id": "<|endoftext|>", "type_id": 0}}],
                           "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                           "special_tokens": {t: {"id": t, "ids": [i], "tokens": [t]} for t, i in special[1:]}},
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "<|unk|>"},
    }
    with open(path, "w") as f:
        json.dump(tokenizer, f)


def make(dirname):
    rng = np.random.default_rng(20261205)
    image_tower(rng, f"{dirname}/clip_b32_image.onnx")
    text_tower(rng, f"{dirname}/clip_b32_text.onnx")
    write_tokenizer(f"{dirname}/clip_b32_tokenizer.json")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "make":
        make(sys.argv[2])
    else:
        raise SystemExit(__doc__)
