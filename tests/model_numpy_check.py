"""Reads the model files test_io_model wrote with numpy alone and compares them with the centres
lloyd wrote as plain .npy files (bit for bit) and with the metadata lloyd documents
(docs/MODEL_FORMAT.md). Exit code 77 (skipped) when numpy is not installed."""
import json
import sys

try:
    import numpy as np
except ImportError:
    print("SKIPPED: numpy is not installed for", sys.executable)
    sys.exit(77)

for stem, dtype, estimator in [("float", "<f4", "KMeans"), ("double2", "<f8", "KMeans"),
                               ("minibatch", "<f8", "MiniBatchKMeans")]:
    model = np.load("test_io_model_numpy_%s.npz" % stem)  # no allow_pickle: plain arrays only
    ref = np.load("test_io_model_numpy_%s_centres.npy" % stem)
    c = model["centroids"]
    meta = json.loads(model["meta"].tobytes().decode("utf-8"))
    assert c.dtype == np.dtype(dtype) and c.flags["C_CONTIGUOUS"], (stem, c.dtype)
    assert c.shape == ref.shape == (meta["k"], meta["d"]), (stem, c.shape, ref.shape)
    assert c.tobytes() == ref.tobytes(), stem
    assert meta["format"] == "lloyd.model" and meta["format_version"] == 1, meta
    assert meta["estimator"] == estimator and meta["scalar"] == ("float32" if dtype == "<f4" else "float64"), meta
    assert model["inertia"].shape == () and float(model["inertia"]) >= 0
    assert model["n_iter"].dtype == np.dtype("<i8") and int(model["n_iter"]) >= 1
    print(stem, "ok:", c.shape, c.dtype, meta["estimator"], "inertia", float(model["inertia"]))
