//! The `ConfigMap`, `Secret` and `ServiceAccount` printers: data counts, secret types and ages.
//!
//! It owns these kinds' cells only; it must not build the Table envelope or rows (see `mod`).

use super::Printer;
use super::columns::{AGE_COL, NAME_COL, col};
use super::format::{age, arr, name, obj_len, str_at};
use serde_json::{Value, json};

pub(super) static CONFIG_MAP: Printer = Printer {
    columns: &[
        NAME_COL,
        col("Data", "string", "Data contains the configuration data."),
        AGE_COL,
    ],
    cells: config_map_cells,
    pod_rows: false,
};

pub(super) static SECRET: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Type",
            "string",
            "Used to facilitate programmatic handling of secret data.",
        ),
        col("Data", "string", "Data contains the secret data."),
        AGE_COL,
    ],
    cells: secret_cells,
    pod_rows: false,
};

pub(super) static SERVICE_ACCOUNT: Printer = Printer {
    columns: &[
        NAME_COL,
        col(
            "Secrets",
            "string",
            "Secrets is a list of the secrets in the same namespace that pods running using this \
                ServiceAccount are allowed to use.",
        ),
        AGE_COL,
    ],
    cells: service_account_cells,
    pod_rows: false,
};

fn config_map_cells(cm: &Value, now: i64) -> Vec<Value> {
    let n = obj_len(&cm["data"]) + obj_len(&cm["binaryData"]);
    vec![json!(name(cm)), json!(n), json!(age(cm, now))]
}

fn secret_cells(secret: &Value, now: i64) -> Vec<Value> {
    let ty = match str_at(secret, "type") {
        "" => "Opaque",
        t => t,
    };
    vec![
        json!(name(secret)),
        json!(ty),
        json!(obj_len(&secret["data"])),
        json!(age(secret, now)),
    ]
}

fn service_account_cells(sa: &Value, now: i64) -> Vec<Value> {
    vec![
        json!(name(sa)),
        json!(arr(&sa["secrets"]).len()),
        json!(age(sa, now)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::table::test_support::{cells, ts};

    #[test]
    fn config_map_secret_and_namespace() {
        let cm = json!({
            "metadata": {"name": "cfg", "creationTimestamp": ts(0)},
            "data": {"a": "1", "b": "2"},
            "binaryData": {"c": "AA=="},
        });
        assert_eq!(
            cells("ConfigMap", &cm),
            [json!("cfg"), json!(3), json!("0s")]
        );
        let secret = json!({
            "metadata": {"name": "tls"},
            "type": "kubernetes.io/tls",
            "data": {"tls.crt": "", "tls.key": ""},
        });
        let want = [
            json!("tls"),
            json!("kubernetes.io/tls"),
            json!(2),
            json!("<unknown>"),
        ];
        assert_eq!(cells("Secret", &secret), want);
        let ns = json!({
            "metadata": {"name": "kube-system", "creationTimestamp": ts(5 * 3600)},
            "status": {"phase": "Terminating"},
        });
        assert_eq!(
            cells("Namespace", &ns),
            ["kube-system", "Terminating", "5h"].map(|w| json!(w))
        );
    }
}
