//! Fuzz target `markdown`: the checks are in `handbook_fuzz::markdown` (fuzz/src/lib.rs),
//! which tests/suite/fuzz_regressions.rs runs on the seeds and regressions too.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| handbook_fuzz::markdown(data));
