//! The four subcommands.

use crate::cli::{BenchArgs, DataArgs, DownloadArgs, NetArgs, PredictArgs, RunArgs, TrainArgs};
use crate::progress::Console;
use anyhow::{Context, Result, bail};
use lesson6::data::{DatasetKind, Loaded, project_root};
use lesson6::taught::Implementation;
use lesson6::{Observer, Settings, Silent, digitize, load, pictures};
use nalgebra::DMatrix;
use nn_core::Network;
use serde_json::json;

fn threads(run: &RunArgs) -> usize {
    run.threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn settings(data: &DataArgs, net: &NetArgs, run: &RunArgs) -> Settings {
    Settings {
        dataset: data.dataset,
        data_dir: data.data_dir.clone(),
        width: net.width,
        depth: net.depth,
        activation: net.activation,
        optimizer: net.optimizer,
        eta: net.eta,
        attenuation: net.attenuation,
        learning_plan: net.learning_plan,
        weight_decay: net.weight_decay,
        shift: net.shift,
        input_dropout: net.input_dropout,
        dropout: net.dropout,
        average_from: (net.average_from > 0).then_some(net.average_from),
        epochs: net.epochs,
        batch: net.batch,
        threads: threads(run),
        seed: run.seed,
        limit: data.limit,
    }
}

fn describe(data: &Loaded, s: &Settings) -> String {
    let name = match (s.dataset, data.is_sample) {
        (DatasetKind::Mnist, true) => "the bundled MNIST sample",
        (DatasetKind::Mnist, false) => "MNIST",
        (DatasetKind::Fashion, _) => "Fashion-MNIST",
    };
    let train = s.limit.map_or(data.train.n(), |l| l.min(data.train.n()));
    format!(
        "{name}: {train} training and {} test images from {}",
        data.test.n(),
        data.dir.display()
    )
}

/// `train`.
pub fn train(a: TrainArgs) -> Result<()> {
    let mut s = settings(&a.data, &a.net, &a.run);
    let taught = (a.mine || a.taught).then_some(if a.mine {
        Implementation::Mine
    } else {
        Implementation::Library
    });
    if taught.is_some() {
        s.threads = 1; // the taught loop runs on one thread
    }
    s.validate()?;
    // --out must take the model and pictures: checked before the data is read or trained on.
    nn_course::cli::check_out_dir(&a.out)?;
    let data = load(s.dataset, s.data_dir.as_deref())?;
    let talk = !a.run.quiet && !a.run.json;
    if talk {
        println!("{}", describe(&data, &s));
        if data.is_sample {
            println!(
                "  (a 5,000-digit sample ships with the course; full MNIST gives the real figure:\n   cargo run --release -p lesson6 -- download)"
            );
        }
        println!("network {}", s.summary(784, data.class_names.len()));
        match taught {
            Some(Implementation::Mine) => println!(
                "with your functions from lessons/lesson6/src/homework.rs, in nn-core's one training loop (compare: --taught)"
            ),
            Some(Implementation::Library) => {
                println!("with the library's functions, in nn-core's one training loop")
            }
            None => {}
        }
    }
    let mut console = Console::new(talk);
    let outcome = match taught {
        Some(imp) => lesson6::taught::train(&s, &data, imp, &mut console)?,
        None => lesson6::train(&s, &data, &mut console)?,
    };
    let train_accuracy = match outcome.train_accuracy {
        Some(accuracy) => accuracy,
        None => {
            let train_rows = data.train.rows();
            let train_t = nn_core::one_hot(&data.train.labels, data.class_names.len());
            nn_fast::evaluate(&outcome.net, &train_rows, &train_t)?.1
        }
    };
    let test_accuracy = outcome.test_accuracy();
    let correct = (test_accuracy * data.test.n() as f64).round() as usize;
    let model = a.out.join("model.json");
    outcome.net.save(&model)?;
    let pictures = if a.no_pictures {
        Vec::new()
    } else {
        pictures::draw_all(&a.out, &data, &outcome)?
    };
    let seconds: Vec<f64> = outcome.epochs.iter().map(|r| r.seconds).collect();
    if talk {
        println!("train accuracy {:.2}%", 100.0 * train_accuracy);
        println!(
            "test accuracy  {:.2}% ({correct} of {})",
            100.0 * test_accuracy,
            data.test.n()
        );
        println!("model: {}", model.display());
        for p in &pictures {
            println!("wrote {}", p.display());
        }
        println!(
            "try it on your own drawing: cargo run --release -p lesson6 -- predict --model {} DIGIT.png",
            model.display()
        );
    }
    if a.run.json {
        let summary = json!({
            "dataset": s.dataset,
            "implementation": match taught {
                Some(Implementation::Mine) => "mine",
                Some(Implementation::Library) => "taught",
                None => "fast",
            },
            "sample": data.is_sample,
            "train_images": s.limit.map_or(data.train.n(), |l| l.min(data.train.n())),
            "test_images": data.test.n(),
            "sizes": s.sizes(784, data.class_names.len()),
            "epochs": outcome.epochs,
            "train_accuracy": train_accuracy,
            "test_accuracy": test_accuracy,
            "seconds_per_epoch": lesson6::bench::median(&seconds),
            "model": model,
            "pictures": pictures,
        });
        println!("{summary}");
    }
    Ok(())
}

/// `predict`.
pub fn predict(a: PredictArgs) -> Result<()> {
    let net: Network<f32> = Network::load(&a.model)?;
    if net.inputs() != digitize::SIDE * digitize::SIDE {
        bail!(
            "{}: the model takes {} inputs, not 784 (28×28 pixels)",
            a.model.display(),
            net.inputs()
        );
    }
    let names: Vec<String> = match a.dataset {
        DatasetKind::Mnist => (0..net.outputs()).map(|d| d.to_string()).collect(),
        DatasetKind::Fashion => nn_data::mnist::FASHION_CLASSES
            .iter()
            .map(|s| s.to_string())
            .collect(),
    };
    if names.len() != net.outputs() {
        bail!(
            "{}: the model has {} outputs but {} class names",
            a.model.display(),
            net.outputs(),
            names.len()
        );
    }
    let mut results = Vec::new();
    for path in &a.images {
        let pixels = digitize::to_mnist(&digitize::ink(path)?)
            .with_context(|| path.display().to_string())?;
        let probs = net.predict(&DMatrix::from_row_slice(1, pixels.len(), &pixels))?;
        ensure_finite_probabilities(&net, &a.model, path, &probs)?;
        let mut ranked: Vec<(usize, f32)> = probs.iter().copied().enumerate().collect();
        ranked.sort_by(|x, y| y.1.total_cmp(&x.1));
        ranked.truncate(3);
        if !a.json {
            if !a.no_ascii {
                println!(
                    "{} as the network sees it (28×28):\n{}",
                    path.display(),
                    digitize::ascii(&pixels)
                );
            }
            let top: Vec<String> = ranked
                .iter()
                .map(|(c, p)| format!("{} ({:.1}%)", names[*c], 100.0 * p))
                .collect();
            println!("{}: {}", path.display(), top.join(", then "));
        }
        results.push(json!({
            "file": path,
            "prediction": names[ranked[0].0],
            "top3": ranked.iter().map(|(c, p)| json!({"class": c, "name": names[*c], "probability": p})).collect::<Vec<_>>(),
        }));
    }
    if a.json {
        println!("{}", json!({ "model": a.model, "images": results }));
    }
    Ok(())
}

/// A NaN or infinite probability is an error naming its cause (the model's weights: the pixels
/// are in [0, 1]), never a printed percentage.
fn ensure_finite_probabilities(
    net: &Network<f32>,
    model: &std::path::Path,
    image: &std::path::Path,
    probs: &DMatrix<f32>,
) -> Result<()> {
    use nn_course::finite::{Source, ensure_finite, largest};
    let as_f64 = |v: &f32| f64::from(*v);
    let weights: Vec<f64> = net
        .layers
        .iter()
        .flat_map(|l| l.w.iter().chain(l.b.iter()).map(as_f64))
        .collect();
    let what = format!("the weights of {}", model.display());
    let sources = [Source {
        largest: largest(&weights),
        what: &what,
        fix: "use a model that train wrote (its weights stay far below 1e6)",
    }];
    ensure_finite(
        [(
            format!("a probability for {}", image.display()),
            &probs.map(f64::from),
        )],
        &sources,
        "nn-core's forward pass computed them, which is a bug to report",
    )
}

/// `download`.
pub fn download(a: DownloadArgs) -> Result<()> {
    let (remote, default_dir) = match a.dataset {
        DatasetKind::Mnist => (nn_download::mnist(), "datasets/mnist"),
        DatasetKind::Fashion => (nn_download::fashion_mnist(), "datasets/fashion"),
    };
    let dir = a.dir.unwrap_or_else(|| project_root().join(default_dir));
    let mirrors: Vec<&str> = a.mirror.iter().map(String::as_str).collect();
    let files = nn_download::download(&remote, &dir, &mirrors, !a.quiet)?;
    for f in &files {
        match &f.url {
            Some(url) => println!("{} ← {url} (checksum verified)", f.path.display()),
            None => println!("{} already present (checksum verified)", f.path.display()),
        }
    }
    Ok(())
}

/// `bench`.
pub fn bench(a: BenchArgs) -> Result<()> {
    let base = Settings {
        dataset: a.dataset,
        data_dir: a.data_dir.clone(),
        width: a.width,
        epochs: a.epochs,
        batch: a.batch,
        eta: a.eta,
        threads: threads(&a.run),
        seed: a.run.seed,
        limit: a.limit,
        ..Settings::default()
    };
    base.validate()?;
    let data = load(base.dataset, base.data_dir.as_deref())?;
    let talk = !a.run.quiet && !a.run.json;
    if talk {
        println!("{}", describe(&data, &base));
        println!(
            "bench: 784-{}-10, plain SGD η = {}, {}, batch {}, {} epochs, {} thread(s)",
            base.width,
            base.eta,
            if a.f64 { "f64" } else { "f32" },
            base.batch,
            base.epochs,
            base.threads
        );
    }
    let mut console = Console::new(true);
    let obs: &mut dyn Observer = if talk { &mut console } else { &mut Silent };
    let report = if a.f64 {
        lesson6::bench::bench::<f64>(&base, &data, obs)?
    } else {
        lesson6::bench::bench::<f32>(&base, &data, obs)?
    };
    if talk {
        println!(
            "{:.3} s per epoch (median; fastest {:.3} s), {:.0} images per second, test accuracy {:.2}%",
            report.seconds_per_epoch,
            report.min_seconds_per_epoch,
            report.samples_per_second,
            100.0 * report.test_accuracy
        );
        println!(
            "the epoch's matrix products alone, timed after each epoch: {:.3} s ({:.1} GFLOP/s on {} thread(s)), so {:.0}% of an epoch runs at the kernel's speed",
            report.floor_seconds_per_epoch,
            report.floor_gflops,
            report.threads,
            100.0 * report.efficiency
        );
    }
    if a.run.json {
        println!("{}", serde_json::to_string(&report)?);
    }
    Ok(())
}
