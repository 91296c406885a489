//! # The playground: watch the lectures' network learn, live in the browser
//!
//! `cargo run --release -p playground` serves a page on 127.0.0.1 where you pick a data set, a
//! network and an optimizer, press play and watch the decision boundary, the loss and accuracy
//! curves and every hidden unit change — trained by nn-core's one training loop
//! ([`nn_core::train_with`]) on a worker thread, at a speed the page sets (iterations per
//! second). "One step" shows one step as the lecture writes it: the forward pass
//! `X⁰ · W¹ + 1 ⊗ b¹ = A¹ → h(A¹) = X¹ → … → softmax → X^K` against `T`, the backward pass
//! `Δ^K = (X^K − T)/n … ∂L/∂W^l = X^(l−1)ᵀ Δ^l`, and the update. `--mine` trains with the
//! learner's lesson 3 functions.
//!
//! - [`settings`]: a run's settings and their checks;
//! - [`datasets`]: the data sets (circle, XOR, linear, spirals, blobs, CSV upload);
//! - [`control`]: play, pause, one step, stop;
//! - [`worker`]: the training thread;
//! - [`mine`]: the learner's lesson 3 functions as a `Learner`;
//! - [`state`], [`visuals`]: what the page shows;
//! - [`runs`]: the table of live runs;
//! - [`server`]: the HTTP routes and the event stream; [`assets`]: the page;
//! - [`guard`]: which hosts and pages may use it; [`net`]: connections and their time limits;
//!   [`errors`]: the JSON every error is.
//!
//! It listens on 127.0.0.1 and has no login: [`exposure_warning`] is what it prints when told
//! to listen beyond this machine.
#![deny(missing_docs)]

pub mod assets;
pub mod control;
pub mod datasets;
pub mod errors;
pub mod guard;
pub mod mine;
pub mod net;
pub mod runs;
pub mod server;
pub mod settings;
pub mod state;
pub mod visuals;
pub mod worker;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

/// The most live runs.
pub const MAX_RUNS: usize = 4;
/// Runs nobody looked at for this long are dropped.
pub const IDLE: Duration = Duration::from_secs(5 * 60);

/// How to serve.
#[derive(Debug, Clone)]
pub struct Options {
    /// Train with the learner's lesson 3 functions.
    pub mine: bool,
    /// The seed the page starts from.
    pub seed: u64,
    /// The address given with `--host`: besides `localhost`, `127.0.0.1` and `[::1]`, the one
    /// host name requests may use.
    pub host: String,
    /// Connections and their time limits.
    pub limits: net::Limits,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            mine: false,
            seed: 1,
            host: "127.0.0.1".into(),
            limits: net::Limits::default(),
        }
    }
}

/// The app's state for `options`.
pub fn app(options: &Options) -> server::App {
    server::App {
        registry: Arc::new(runs::Registry::new(MAX_RUNS, IDLE, options.mine)),
        seed: options.seed,
        hosts: Arc::new(guard::Hosts::new(&options.host)),
        keep_alive: (options.limits.stall / 3).min(Duration::from_secs(15)),
    }
}

/// Serves on `listener` until the process ends; idle runs are swept every 20 seconds.
pub async fn serve(listener: tokio::net::TcpListener, options: Options) -> std::io::Result<()> {
    let app = app(&options);
    let registry = Arc::clone(&app.registry);
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(20));
        loop {
            tick.tick().await;
            registry.sweep();
        }
    });
    net::serve(listener, server::router(app), options.limits).await
}

/// What to print when the server listens on `addr` beyond this machine (not a loopback
/// address): what anyone who can reach it could do. `None` for 127.0.0.1 and ::1.
pub fn exposure_warning(addr: &SocketAddr) -> Option<String> {
    if addr.ip().is_loopback() {
        return None;
    }
    let names = if addr.ip().is_unspecified() {
        " Requests must still name the host localhost, 127.0.0.1 or [::1]: to be reached by this \
         machine's network address, give that address with --host."
    } else {
        ""
    };
    Some(format!(
        "warning: listening on {addr}, beyond this machine. The playground has no login: anyone \
         who can reach this address on the network can start, stop and delete training runs, \
         upload data and keep this computer's processors busy. Use --host 127.0.0.1 to keep it \
         on this machine.{names}"
    ))
}

/// Starts a server on `host:port` (port 0: any free port) on a thread of its own, with its own
/// runtime, and returns the address it listens on (for tests and scripts).
pub fn spawn(host: &str, port: u16, options: Options) -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind((host, port))?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("a listener");
            let _ = serve(listener, options).await;
        });
    });
    Ok(addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listening_beyond_loopback_warns_and_names_what_anyone_could_do() {
        for quiet in ["127.0.0.1:8000", "[::1]:8000", "127.0.0.9:80"] {
            assert_eq!(exposure_warning(&quiet.parse().unwrap()), None, "{quiet}");
        }
        for open in ["0.0.0.0:8000", "[::]:8000", "192.0.2.20:8000"] {
            let w = exposure_warning(&open.parse().unwrap()).expect(open);
            for what in [
                open,
                "no login",
                "anyone",
                "delete training runs",
                "--host 127.0.0.1",
            ] {
                assert!(w.contains(what), "{what}: {w}");
            }
        }
    }
}
