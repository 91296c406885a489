fn main() {
    println!("lesson6: coming soon");
}
