//! The meeting point of the threads that share a mini-batch.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// A barrier for a few threads that each have a core of their own: `wait` returns once all `n`
/// threads have called it. Waiting spins for a while before yielding, because a training step
/// lasts a fraction of a millisecond and waking a sleeping thread would cost a good part of it.
#[derive(Debug)]
pub struct SpinBarrier {
    n: usize,
    arrived: AtomicUsize,
    generation: AtomicUsize,
    broken: AtomicBool,
}

/// Spins before a waiting thread starts yielding its core (tens of microseconds).
const SPINS: u32 = 1 << 15;

impl SpinBarrier {
    /// A barrier for `n` threads (at least 1).
    pub fn new(n: usize) -> Self {
        SpinBarrier {
            n: n.max(1),
            arrived: AtomicUsize::new(0),
            generation: AtomicUsize::new(0),
            broken: AtomicBool::new(false),
        }
    }

    /// Releases every waiting thread now and makes every later `wait` return at once: called by
    /// a thread that cannot go on (it panicked), so the others are not left waiting for it.
    pub fn break_all(&self) {
        self.broken.store(true, Ordering::Release);
    }

    /// Whether [`SpinBarrier::break_all`] was called.
    #[inline]
    pub fn is_broken(&self) -> bool {
        self.broken.load(Ordering::Acquire)
    }

    /// Blocks until all `n` threads have arrived (or the barrier is broken); everything each
    /// thread wrote before arriving is visible to all of them afterwards.
    #[inline]
    pub fn wait(&self) {
        let generation = self.generation.load(Ordering::Acquire);
        if self.arrived.fetch_add(1, Ordering::AcqRel) + 1 == self.n {
            self.arrived.store(0, Ordering::Relaxed);
            self.generation.fetch_add(1, Ordering::Release);
            return;
        }
        let mut spins = 0u32;
        while self.generation.load(Ordering::Acquire) == generation && !self.is_broken() {
            if spins < SPINS {
                spins += 1;
                std::hint::spin_loop();
            } else {
                std::thread::yield_now();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    #[test]
    fn nobody_passes_until_everyone_arrived() {
        // Three threads add to a counter in rounds; between the round's two barriers every thread
        // must see exactly that round's additions: fewer if one passed early, more if one ran ahead.
        let barrier = SpinBarrier::new(3);
        let counter = AtomicU64::new(0);
        let rounds = 200u64;
        std::thread::scope(|s| {
            for _ in 0..3 {
                s.spawn(|| {
                    for r in 0..rounds {
                        counter.fetch_add(1, Ordering::Relaxed);
                        barrier.wait();
                        // Between the two barriers nobody can have started the next round.
                        assert_eq!(counter.load(Ordering::Relaxed), 3 * (r + 1));
                        barrier.wait();
                    }
                });
            }
        });
        assert_eq!(counter.load(Ordering::Relaxed), 3 * rounds);
    }

    #[test]
    fn a_broken_barrier_lets_everyone_go() {
        let barrier = SpinBarrier::new(2);
        std::thread::scope(|s| {
            s.spawn(|| barrier.wait()); // its partner never arrives
            s.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(20));
                barrier.break_all();
            });
        });
        assert!(barrier.is_broken());
        barrier.wait(); // returns at once
    }
}
