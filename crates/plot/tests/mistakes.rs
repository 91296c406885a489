//! The grid of misclassified images: every tile framed, and only mistakes accepted.

mod common;
use common::*;
use nn_plot::style::HIGHLIGHT;
use nn_plot::*;

#[test]
fn misclassified_grid_frames_every_tile_and_refuses_a_correct_one() {
    let d = dir();
    let path = file(&d, "m.png");
    let grey = [0.5f32; 784];
    let images: Vec<&[f32]> = vec![&grey[..]; 3];
    let o = PlotOptions::titled("mistakes").size(480, 240);
    misclassified_grid(&path, &images, 28, 28, &[1, 2, 3], &[7, 7, 7], 10, &o).unwrap();
    let img = png(&path, 480, 240);
    assert!(count(&img, HIGHLIGHT, 30) > 3 * 4 * 28, "three red frames");
    let e = misclassified_grid(&path, &images, 28, 28, &[1, 7, 3], &[7, 7, 7], 10, &o)
        .unwrap_err()
        .to_string();
    assert!(e.contains("image 1 is not misclassified"), "{e}");
    let e = misclassified_grid(&path, &images, 28, 28, &[1, 2, 3], &[7, 7, 7], 2, &o)
        .unwrap_err()
        .to_string();
    assert!(e.contains("only 2 mistakes"), "{e}");
}
