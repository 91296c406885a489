//! Nothing to link: the benchmarks live in `benches/`.
