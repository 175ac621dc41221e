//! The queries of the `sql` example, shared with the cluster test.

/// A query and what it shows.
pub struct Query {
    /// What it shows.
    pub title: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

/// Hologram scalar functions, a Hologram aggregate with GROUP BY, DataFusion built-ins, and
/// the kernels of the example library (`hg_saxpy`, `hg_sum_sq_dist`, `hg_div_rem`, ...).
pub const QUERIES: &[Query] = &[
    Query {
        title: "scalar kernels beside built-ins, per group",
        sql: "SELECT g, COUNT(*) AS n, COUNT(x) AS n_x, AVG(hg_exp(x)) AS mean_hg_exp, \
              AVG(exp(x)) AS mean_exp, MAX(hg_saxpy(2.0, a, b)) AS max_saxpy \
              FROM t GROUP BY g ORDER BY g",
    },
    Query {
        title: "kernel aggregates with GROUP BY (a stdlib dot, a library reduction with a uniform)",
        sql: "SELECT g, hg_dot(x, y) AS hg_dot, SUM(x * y) AS sum_xy, \
              hg_sum_sq_dist(1.0, x) AS sum_sq_dist, hg_count_above(0.5, a) AS above \
              FROM t GROUP BY g ORDER BY g",
    },
    Query {
        title: "a kernel with two outputs (a struct), in a filter with another kernel",
        sql: "SELECT hg_div_rem(i, j)['out1'] AS remainder, COUNT(*) AS n, \
              SUM(hg_div_rem(i, j)['out0']) AS sum_quotient \
              FROM t WHERE hg_sigmoid(x) > 0.5 GROUP BY remainder ORDER BY remainder",
    },
    Query {
        title: "the benchmark's query: Hologram's exp (f64) over every row",
        sql: "SELECT SUM(hg_exp(x)) AS s FROM t",
    },
    Query {
        title: "the same with DataFusion's built-in exp",
        sql: "SELECT SUM(exp(x)) AS s FROM t",
    },
];
