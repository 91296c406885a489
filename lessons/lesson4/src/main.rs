fn main() {
    println!("lesson4: coming soon");
}
