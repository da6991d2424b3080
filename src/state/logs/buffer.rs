//! The lines of a log view: a ring of at most `capacity` lines, each kept as its text (already
//! sanitized) with its time and source, numbered by a sequence that never repeats so that
//! positions survive older lines being dropped.
//!
//! Owns storage and numbering only. Must not style, filter or wrap: that happens when visible
//! lines are drawn.

use std::collections::VecDeque;

use jiff::Timestamp;

use crate::cluster::logs::SourceId;

/// One line of a log view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLine {
    pub source: SourceId,
    pub time: Option<Timestamp>,
    /// Sanitized: safe to put on a terminal as is.
    pub text: Box<str>,
    /// A line kview wrote (stream waiting, reconnected, ended), not the container.
    pub notice: bool,
}

/// A bounded buffer of lines; the oldest give way when it is full.
#[derive(Debug, Clone)]
pub struct LogBuffer {
    lines: VecDeque<StoredLine>,
    /// The sequence number of `lines[0]`; also how many lines were dropped.
    first_seq: u64,
    capacity: usize,
}

impl LogBuffer {
    pub fn new(capacity: usize) -> Self {
        Self {
            lines: VecDeque::with_capacity(capacity.min(1024)),
            first_seq: 0,
            capacity: capacity.max(1),
        }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// How many older lines were dropped to stay within the capacity.
    pub fn dropped(&self) -> u64 {
        self.first_seq
    }

    /// The sequence number of the oldest line kept.
    pub fn first_seq(&self) -> u64 {
        self.first_seq
    }

    /// The sequence number the next line will get.
    pub fn next_seq(&self) -> u64 {
        self.first_seq + self.lines.len() as u64
    }

    /// Appends a line, dropping the oldest when full. Returns the line's sequence number.
    pub fn push(&mut self, line: StoredLine) -> u64 {
        if self.lines.len() == self.capacity {
            self.lines.pop_front();
            self.first_seq += 1;
        }
        self.lines.push_back(line);
        self.next_seq() - 1
    }

    /// The newest line.
    pub fn last(&self) -> Option<&StoredLine> {
        self.lines.back()
    }

    /// Takes the newest line back out (its number will be given again).
    pub fn pop_last(&mut self) -> Option<StoredLine> {
        self.lines.pop_back()
    }

    /// The line numbered `seq`, if it is still kept.
    pub fn get(&self, seq: u64) -> Option<&StoredLine> {
        let index = usize::try_from(seq.checked_sub(self.first_seq)?).ok()?;
        self.lines.get(index)
    }

    /// Lines from `seq` on (from the oldest kept if it was dropped), with their numbers.
    pub fn iter_from(&self, seq: u64) -> impl DoubleEndedIterator<Item = (u64, &StoredLine)> {
        let skip = usize::try_from(seq.saturating_sub(self.first_seq)).unwrap_or(usize::MAX);
        let first = self.first_seq;
        self.lines
            .iter()
            .enumerate()
            .skip(skip)
            .map(move |(i, l)| (first + i as u64, l))
    }

    /// Every line, oldest first, with its number.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (u64, &StoredLine)> {
        self.iter_from(self.first_seq)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> StoredLine {
        StoredLine {
            source: 0,
            time: None,
            text: text.into(),
            notice: false,
        }
    }

    #[test]
    fn a_full_buffer_drops_the_oldest_and_keeps_numbering() {
        let mut b = LogBuffer::new(3);
        for i in 0..5 {
            assert_eq!(b.push(line(&format!("l{i}"))), i);
        }
        assert_eq!(b.len(), 3);
        assert_eq!(b.dropped(), 2);
        assert_eq!(b.first_seq(), 2);
        assert_eq!(b.next_seq(), 5);
        assert!(b.get(1).is_none());
        assert_eq!(&*b.get(4).unwrap().text, "l4");
        let from: Vec<u64> = b.iter_from(3).map(|(s, _)| s).collect();
        assert_eq!(from, vec![3, 4]);
        let all: Vec<u64> = b.iter_from(0).map(|(s, _)| s).collect();
        assert_eq!(all, vec![2, 3, 4]);
    }
}
