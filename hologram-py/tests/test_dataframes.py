"""pandas and Polars Series through numpy's ufunc protocol (__array_ufunc__)."""

import numpy as np
import pandas as pd
import polars as pl

from hologram import stdlib


def test_pandas_series_keep_their_index():
    s = pd.Series([0.0, 1.0, 2.0], index=["a", "b", "c"], dtype="float32")
    got = stdlib.exp(s)
    assert isinstance(got, pd.Series)
    assert list(got.index) == ["a", "b", "c"]
    np.testing.assert_allclose(got.to_numpy(), np.exp(s.to_numpy()), rtol=1e-6)
    both = stdlib.add(s, s)
    assert isinstance(both, pd.Series) and both.tolist() == [0.0, 2.0, 4.0]


def test_pandas_dataframe():
    df = pd.DataFrame({"x": [1.0, 2.0], "y": [3.0, 4.0]})
    got = stdlib.mul(df, 2.0)
    assert isinstance(got, pd.DataFrame)
    assert got["y"].tolist() == [6.0, 8.0]


def test_polars_series():
    s = pl.Series("x", [0.0, 0.5, 1.0], dtype=pl.Float64)
    got = stdlib.tanh(s)
    assert isinstance(got, pl.Series)
    assert got.name == "x"
    np.testing.assert_allclose(got.to_numpy(), np.tanh(s.to_numpy()), rtol=1e-14)
    got32 = stdlib.exp(s.cast(pl.Float32))
    assert got32.dtype == pl.Float32


def test_polars_expression():
    df = pl.DataFrame({"x": [0.0, 1.0, 2.0]})
    out = df.select(stdlib.exp(pl.col("x")).alias("e"))
    np.testing.assert_allclose(out["e"].to_numpy(), np.exp([0.0, 1.0, 2.0]), rtol=1e-14)
