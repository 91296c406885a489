fn main() { println!("lesson1: coming soon"); }
