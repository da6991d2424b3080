//! Kubeconfig text as kview loads it (`cluster::connect` reads each file of KUBECONFIG with
//! kube's `Kubeconfig` and merges them): any text is read or refused, never a panic. The
//! input is split at a `---` line into two files to merge.
#![no_main]

use kube::config::Kubeconfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (first, second) = text.split_once("\n---\n").unwrap_or((text, ""));
    let Ok(a) = Kubeconfig::from_yaml(first) else {
        return;
    };
    if let Ok(b) = Kubeconfig::from_yaml(second) {
        let _ = a.merge(b);
    }
});
