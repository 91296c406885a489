fn main() { println!("lesson5: coming soon"); }
