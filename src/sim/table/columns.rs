//! Column definitions shared by the Table printers: the descriptions the server sends and
//! the Name/Age/Containers/Images/Selector columns many kinds repeat.
//!
//! It owns only constant column metadata; it must not compute cells.

use super::Column;

pub(super) const NAME_DESC: &str = "Name must be unique within a namespace. Is required when creating \
resources, although some resources may allow a client to request the generation of an \
appropriate name automatically. Name is primarily intended for creation idempotence and \
configuration definition. Cannot be updated. More info: \
https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

pub(super) const AGE_DESC: &str = "CreationTimestamp is a timestamp representing the server time when this \
object was created. It is not guaranteed to be set in happens-before order across separate \
operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\n\
Populated by the system. Read-only. Null for lists. More info: \
https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

const CONTAINERS_DESC: &str = "Names of each container in the template.";
const IMAGES_DESC: &str = "Images referenced by each container in the template.";
const SELECTOR_DESC: &str = "Label query over pods that should match the replica count.";

pub(super) const fn col(name: &'static str, ty: &'static str, description: &'static str) -> Column {
    Column {
        name,
        ty,
        format: "",
        priority: 0,
        description,
    }
}

pub(super) const fn wide(
    name: &'static str,
    ty: &'static str,
    description: &'static str,
) -> Column {
    Column {
        name,
        ty,
        format: "",
        priority: 1,
        description,
    }
}

/// kubectl finds the column to prefix with "kind/" (and to match `-o name`) by this format.
pub(super) const NAME_COL: Column = Column {
    name: "Name",
    ty: "string",
    format: "name",
    priority: 0,
    description: NAME_DESC,
};
pub(super) const AGE_COL: Column = col("Age", "string", AGE_DESC);
pub(super) const CONTAINERS_COL: Column = wide("Containers", "string", CONTAINERS_DESC);
pub(super) const IMAGES_COL: Column = wide("Images", "string", IMAGES_DESC);
pub(super) const SELECTOR_COL: Column = wide("Selector", "string", SELECTOR_DESC);
