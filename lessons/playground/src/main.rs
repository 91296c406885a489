//! `cargo run --release -p playground`: serves the playground on 127.0.0.1 and prints its URL.

use clap::Parser;
use nn_course::Common;
use std::process::ExitCode;

/// A live web playground: watch the lectures' network learn in your browser.
#[derive(Debug, Parser)]
#[command(version, allow_negative_numbers = true)]
struct Args {
    #[command(flatten)]
    common: Common,
    /// Port to listen on (0: any free port; the real one is printed).
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Address to listen on (127.0.0.1: only this machine). Requests must name this machine
    /// (localhost, 127.0.0.1, [::1]) or this address in their Host header.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
}

fn main() -> ExitCode {
    nn_course::cli::main(|args: Args| {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        rt.block_on(async {
            let listener = tokio::net::TcpListener::bind((args.host.as_str(), args.port))
                .await
                .map_err(|e| {
                    anyhow::anyhow!("could not listen on {}:{}: {e}", args.host, args.port)
                })?;
            let addr = listener.local_addr()?;
            // The URL is printed even with --quiet: it is what the program is for; and so is
            // the warning, when anyone on the network could use it.
            println!("playground: http://{addr}/");
            if let Some(warning) = playground::exposure_warning(&addr) {
                eprintln!("{warning}");
            }
            if args.common.talk() {
                let mine = if args.common.mine {
                    " with your lesson 3 functions (--mine)"
                } else {
                    ""
                };
                println!("training{mine}; open the URL in a browser, Ctrl-C to stop");
            }
            let options = playground::Options {
                mine: args.common.mine,
                seed: args.common.seed,
                host: args.host.clone(),
                ..playground::Options::default()
            };
            playground::serve(listener, options).await?;
            Ok(())
        })
    })
}
