"""Candidate (b) of issue 12: all-MiniLM-L6-v2 exported to ONNX, run with onnxruntime + tokenizers.

Runs in a **throwaway venv** (PyTorch only for the one-off export; nothing here is a runtime
dependency of the workbench)::

    python3 -m venv /tmp/conv && /tmp/conv/bin/pip install torch==2.13.0 onnx onnxruntime tokenizers transformers pandas
    /tmp/conv/bin/python bench/minilm_onnx.py --model-dir DIR --external ../shared/data/external --out /tmp/minilm_onnx

1. exports the transformer (``BertModel``, dynamic batch and sequence axes) to ``model.onnx``;
2. times onnxruntime (one thread) on the TweetEval val texts: tokenise (``tokenizers``, max 128
   pieces) + forward + mean pooling, posts per CPU second, batches of 64 sorted by length;
3. writes the mean-pooled, L2-normalised sentence embeddings of the training pool, val and
   test texts (``emb_<split>.npy``) so the project venv can fit the combined classifier
   (``bench/sentiment_embed_eval.py``) without onnxruntime.

Prints one JSON object (sizes, speed, export time).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--external", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--splits", default="val,test,train", help="embeddings to write ('' = speed only)")
    ap.add_argument("--reuse-export", action="store_true", help="keep an existing model.onnx")
    args = ap.parse_args()
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer
    from transformers import BertModel

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    info: dict = {}
    t0 = time.perf_counter()
    bert = BertModel.from_pretrained(args.model_dir).eval()

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask):  # noqa: ANN001 - traced by torch.onnx
            return self.bert(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    model = Encoder().eval()
    ids = torch.tensor([[101, 2023, 2003, 102]])
    onnx_path = out / "model.onnx"
    if not (args.reuse_export and onnx_path.is_file()):
        torch.onnx.export(model, (ids, torch.ones_like(ids)), str(onnx_path), input_names=["input_ids", "attention_mask"],
                          output_names=["last_hidden_state"], dynamic_axes={"input_ids": {0: "b", 1: "s"},
                          "attention_mask": {0: "b", 1: "s"}, "last_hidden_state": {0: "b", 1: "s"}},
                          opset_version=17, dynamo=False)
    info["export_seconds"] = round(time.perf_counter() - t0, 1)
    info["onnx_bytes"] = onnx_path.stat().st_size
    so = ort.SessionOptions()
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(onnx_path), so, providers=["CPUExecutionProvider"])
    tok = Tokenizer.from_file(str(Path(args.model_dir) / "tokenizer.json"))
    tok.enable_truncation(128)

    def embed(texts: list[str], batch: int = 64) -> np.ndarray:
        enc = tok.encode_batch(texts)
        order = np.argsort([len(e.ids) for e in enc], kind="stable")
        res = np.zeros((len(texts), 384), dtype=np.float32)
        for s in range(0, len(order), batch):
            idx = order[s: s + batch]
            n = max(len(enc[i].ids) for i in idx)
            ids = np.zeros((len(idx), n), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(idx):
                ids[r, : len(enc[i].ids)] = enc[i].ids
                mask[r, : len(enc[i].ids)] = 1
            h = sess.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            v = (h * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            res[idx] = v / np.linalg.norm(v, axis=1, keepdims=True)
        return res

    import pandas as pd

    ext = Path(args.external)

    def read(split: str) -> list[str]:
        if split in ("val", "test"):
            return (ext / "tweeteval-sentiment" / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
        sys.path.insert(0, str(ROOT))
        return pd.read_csv(out / "train_texts.csv", keep_default_na=False)["text"].tolist()

    val = read("val")
    embed(val[:64])
    c0, w0 = time.process_time(), time.perf_counter()
    embed(val)
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    info["speed_val"] = {"posts": len(val), "posts_per_cpu_s": round(len(val) / cpu, 1), "posts_per_wall_s": round(len(val) / wall, 1)}
    for split in filter(None, args.splits.split(",")):
        if split == "train" and not (out / "train_texts.csv").is_file():
            info["train"] = "skipped: write train_texts.csv from the project venv first"
            continue
        np.save(out / f"emb_{split}.npy", embed(read(split)))
    print(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
