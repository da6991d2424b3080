//! The README tells the truth: its keys table is the default keymap's help, generated.
//! `KVIEW_UPDATE_README=1 cargo test --test readme` rewrites the table.

#![allow(clippy::expect_used, clippy::unwrap_used)] // test support code

const BEGIN: &str = "<!-- keys: generated from keymaps/default.yaml by tests/readme.rs -->\n";
const END: &str = "<!-- keys: end -->";

#[test]
fn the_keys_table_is_the_default_keymaps_help() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme.find(BEGIN).expect("the keys table's start marker") + BEGIN.len();
    let end = start
        + readme[start..]
            .find(END)
            .expect("the keys table's end marker");
    let keymap = kview::config::Keymap::builtin("default").unwrap();
    let table = kview::ui::keys_markdown(&keymap);
    if readme[start..end] != table {
        if std::env::var_os("KVIEW_UPDATE_README").is_some() {
            let updated = format!("{}{table}{}", &readme[..start], &readme[end..]);
            std::fs::write(path, updated).unwrap();
        } else {
            panic!(
                "README.md's keys table is out of date; run \
                 KVIEW_UPDATE_README=1 cargo test --test readme\n\nexpected:\n{table}"
            );
        }
    }
}
