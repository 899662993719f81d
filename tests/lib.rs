//! One integration-test binary (faster to link than one per file): the built `rel04` run from
//! outside, in a temporary folder, with a cleaned environment.

mod common;

mod answer;
mod assess;
mod check;
mod conclusions;
mod evidence;
mod fleet;
mod git;
mod hardening;
mod html;
mod layers;
mod report;
mod snapshots;
mod status;
mod sync;
