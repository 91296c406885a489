//! All or nothing on disk: what a failed run wrote is taken back. (A test binary of its own: the
//! journal is the process's, and undoing it would remove other tests' files.)

use nn_core::atomic::undo_this_runs_files;
use nn_core::{AtomicFile, write_atomically};
use std::io::Write;

#[test]
fn a_failed_run_takes_back_its_files_and_the_directories_made_for_them() {
    let tmp = tempfile::tempdir().unwrap();
    let existing = tmp.path().join("existing");
    std::fs::create_dir(&existing).unwrap();
    std::fs::write(existing.join("theirs.txt"), "not ours").unwrap();
    // Two pictures written, a third one failing: the run fails.
    write_atomically(&existing.join("first.png"), b"1").unwrap();
    write_atomically(&tmp.path().join("out/run/second.png"), b"2").unwrap();
    let mut kept = AtomicFile::create(tmp.path().join("out/data.gz"))
        .unwrap()
        .keep_on_failure();
    kept.write_all(b"verified").unwrap();
    kept.commit().unwrap();
    assert!(tmp.path().join("out/run/second.png").is_file());
    assert_eq!(undo_this_runs_files(), 2);
    assert!(!existing.join("first.png").exists());
    assert!(
        !tmp.path().join("out/run").exists(),
        "the directory made for it"
    );
    assert!(
        existing.join("theirs.txt").is_file(),
        "a file it did not write"
    );
    assert!(existing.is_dir(), "a directory it did not make");
    assert!(tmp.path().join("out/data.gz").is_file(), "kept on failure");
    assert_eq!(undo_this_runs_files(), 0, "the journal is empty again");
}
