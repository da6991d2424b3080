//! Finds a row's slot in the store's row vector by its key, without a second copy of every key.
//!
//! Owns a map from the key's hash to the slot(s) with that hash; the rows themselves settle
//! collisions. Must not own rows.

use std::collections::HashMap;
use std::hash::{BuildHasher, RandomState};

use crate::resources::ObjKey;

#[derive(Debug, Default)]
pub(super) struct KeySlots {
    hasher: RandomState,
    slots: HashMap<u64, Slots>,
}

#[derive(Debug)]
enum Slots {
    One(u32),
    Many(Vec<u32>),
}

impl KeySlots {
    pub(super) fn clear(&mut self) {
        self.slots.clear();
    }

    /// The slot holding `key`; `key_at` tells the key stored at a slot.
    pub(super) fn find<'a>(
        &self,
        key: &ObjKey,
        key_at: impl Fn(u32) -> Option<&'a ObjKey>,
    ) -> Option<u32> {
        let is_it = |slot: &u32| key_at(*slot) == Some(key);
        match self.slots.get(&self.hasher.hash_one(key))? {
            Slots::One(slot) => is_it(slot).then_some(*slot),
            Slots::Many(slots) => slots.iter().copied().find(is_it),
        }
    }

    pub(super) fn insert(&mut self, key: &ObjKey, slot: u32) {
        let hash = self.hasher.hash_one(key);
        match self.slots.get_mut(&hash) {
            None => {
                self.slots.insert(hash, Slots::One(slot));
            }
            Some(Slots::Many(slots)) => slots.push(slot),
            Some(entry @ Slots::One(_)) => {
                if let Slots::One(first) = *entry {
                    *entry = Slots::Many(vec![first, slot]);
                }
            }
        }
    }

    pub(super) fn remove(&mut self, key: &ObjKey, slot: u32) {
        let hash = self.hasher.hash_one(key);
        let now_empty = match self.slots.get_mut(&hash) {
            Some(Slots::One(s)) => *s == slot,
            Some(Slots::Many(slots)) => {
                slots.retain(|s| *s != slot);
                slots.is_empty()
            }
            None => false,
        };
        if now_empty {
            self.slots.remove(&hash);
        }
    }

    /// Records that the row with `key` moved from slot `from` to slot `to`.
    pub(super) fn moved(&mut self, key: &ObjKey, from: u32, to: u32) {
        let hash = self.hasher.hash_one(key);
        match self.slots.get_mut(&hash) {
            Some(Slots::One(s)) if *s == from => *s = to,
            Some(Slots::Many(slots)) => {
                for s in slots.iter_mut().filter(|s| **s == from) {
                    *s = to;
                }
            }
            _ => {}
        }
    }
}
