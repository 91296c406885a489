fn main() { println!("lesson2: coming soon"); }
