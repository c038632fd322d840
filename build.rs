//! `sqlx::migrate!` embeds the migrations at compile time; this makes cargo rebuild when one is
//! added or changed (otherwise an incremental build keeps the old set).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
