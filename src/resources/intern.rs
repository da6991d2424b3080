//! Shared copies of the texts that repeat across rows: namespaces, node names, pod statuses.
//!
//! 100,000 pods name a few dozen namespaces, a few hundred nodes and a handful of statuses;
//! one shared copy of each halves a row's heap and, more importantly, keeps the texts a
//! filter keystroke reads in a few hot cache lines instead of 100,000 scattered ones.
//!
//! Owns the table of shared texts of one watch. Must not grow without bound: past
//! `CAPACITY` distinct texts it starts over (texts already handed out stay valid, they are
//! just no longer shared with later rows).

use std::collections::HashSet;
use std::sync::Arc;

/// Distinct texts kept before the table starts over; far above any real count of
/// namespaces, nodes and statuses, and small next to the rows themselves.
const CAPACITY: usize = 16_384;

/// One watch's table of shared texts.
#[derive(Debug, Default)]
pub struct Interner {
    texts: HashSet<Arc<str>>,
}

impl Interner {
    pub fn new() -> Self {
        Self::default()
    }

    /// The shared copy of `text`.
    pub fn get(&mut self, text: &str) -> Arc<str> {
        if let Some(shared) = self.texts.get(text) {
            return Arc::clone(shared);
        }
        if self.texts.len() >= CAPACITY {
            self.texts.clear();
        }
        let shared: Arc<str> = Arc::from(text);
        self.texts.insert(Arc::clone(&shared));
        shared
    }

    /// How many distinct texts are shared now.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_share_one_copy() {
        let mut interner = Interner::new();
        let a = interner.get("shop");
        let b = interner.get(&String::from("shop"));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &interner.get("web")));
        assert_eq!(interner.len(), 2);
    }

    #[test]
    fn starts_over_past_its_capacity_and_old_copies_stay_valid() {
        let mut interner = Interner::new();
        let first = interner.get("t0");
        for i in 1..=CAPACITY {
            interner.get(&format!("t{i}"));
        }
        assert!(interner.len() <= CAPACITY);
        assert_eq!(&*first, "t0");
        assert!(!Arc::ptr_eq(&first, &interner.get("t0")));
    }
}
