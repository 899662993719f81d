//! Fault injection: throttles, server errors, dropped connections and added latency.
//!
//! Each request to an operation draws one number from a seeded generator and is throttled,
//! failed or dropped according to the rates, before its handler runs: a faulted request never
//! changes the state. The same seed and the same sequence of requests give the same faults.

use std::time::Duration;

/// The faults to inject. The default injects none.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Faults {
    /// Fraction (0.0..=1.0) of requests answered `429 ThrottlingException`.
    pub throttle_rate: f64,
    /// Fraction (0.0..=1.0) of requests answered `500 InternalServerException`.
    pub error_rate: f64,
    /// Delay added to every request before it is answered.
    pub latency: Duration,
    /// Fraction (0.0..=1.0) of requests whose connection is closed without an answer.
    pub drop_rate: f64,
    /// Seed of the generator that decides which requests are faulted.
    pub seed: u64,
}

impl Faults {
    /// No faults at all.
    pub fn none() -> Self {
        Self::default()
    }

    /// Whether any fault or latency is injected at all.
    pub fn is_active(&self) -> bool {
        [self.throttle_rate, self.error_rate, self.drop_rate]
            .iter()
            .any(|r| rate(*r) > 0.0)
            || !self.latency.is_zero()
    }

    /// Every request throttled.
    pub fn always_throttle() -> Self {
        Self {
            throttle_rate: 1.0,
            ..Self::default()
        }
    }
}

/// A fault chosen for one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// Close the connection without answering.
    Drop,
    /// Answer 429 ThrottlingException.
    Throttle,
    /// Answer 500 InternalServerException.
    InternalError,
}

/// Decides, request after request, which fault to inject.
#[derive(Debug)]
pub(crate) struct FaultInjector {
    faults: Faults,
    rng: fastrand::Rng,
}

impl FaultInjector {
    pub fn new(faults: Faults) -> Self {
        let rng = fastrand::Rng::with_seed(faults.seed);
        Self { faults, rng }
    }

    /// Replaces the faults and restarts the generator from their seed.
    pub fn set(&mut self, faults: Faults) {
        *self = Self::new(faults);
    }

    /// The latency to add to the next request and the fault to inject into it, if any.
    pub fn next(&mut self) -> (Duration, Option<Fault>) {
        let drop = rate(self.faults.drop_rate);
        let throttle = drop + rate(self.faults.throttle_rate);
        let error = throttle + rate(self.faults.error_rate);
        let fault = if error > 0.0 {
            let draw = self.rng.f64();
            if draw < drop {
                Some(Fault::Drop)
            } else if draw < throttle {
                Some(Fault::Throttle)
            } else if draw < error {
                Some(Fault::InternalError)
            } else {
                None
            }
        } else {
            None
        };
        (self.faults.latency, fault)
    }
}

/// A rate clamped to 0.0..=1.0 (NaN counts as 0).
fn rate(value: f64) -> f64 {
    if value.is_nan() {
        0.0
    } else {
        value.clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draw(faults: Faults, n: usize) -> Vec<Option<Fault>> {
        let mut injector = FaultInjector::new(faults);
        (0..n).map(|_| injector.next().1).collect()
    }

    #[test]
    fn no_faults_by_default() {
        assert!(!Faults::default().is_active());
        assert!(
            Faults {
                latency: Duration::from_millis(1),
                ..Faults::default()
            }
            .is_active()
        );
        assert!(draw(Faults::default(), 100).iter().all(Option::is_none));
    }

    #[test]
    fn full_rates_always_fault() {
        assert!(
            draw(Faults::always_throttle(), 50)
                .iter()
                .all(|f| *f == Some(Fault::Throttle))
        );
        let drop = Faults {
            drop_rate: 1.0,
            throttle_rate: 1.0,
            ..Faults::default()
        };
        assert!(draw(drop, 50).iter().all(|f| *f == Some(Fault::Drop)));
    }

    #[test]
    fn same_seed_same_faults() {
        let faults = Faults {
            throttle_rate: 0.3,
            error_rate: 0.1,
            drop_rate: 0.05,
            seed: 7,
            ..Faults::default()
        };
        let first = draw(faults.clone(), 200);
        assert_eq!(first, draw(faults, 200));
        let throttled = first
            .iter()
            .filter(|f| **f == Some(Fault::Throttle))
            .count();
        assert!(
            (30..=90).contains(&throttled),
            "{throttled} throttles out of 200"
        );
    }
}
