//! Time, injectable: the system clock in production, a manual clock in tests.

use std::sync::Mutex;

use chrono::Utc;

use crate::domain::Ts;

pub trait Clock: Send + Sync {
    fn now(&self) -> Ts;
}

/// The real time.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Ts {
        Utc::now()
    }
}

/// A clock tests move by hand.
#[derive(Debug)]
pub struct ManualClock(Mutex<Ts>);

impl ManualClock {
    pub fn new(at: Ts) -> Self {
        Self(Mutex::new(at))
    }
    pub fn set(&self, at: Ts) {
        *self.0.lock().expect("clock lock") = at;
    }
    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().expect("clock lock");
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Ts {
        *self.0.lock().expect("clock lock")
    }
}
