//! Line diffs of two texts, as the edit confirmation shows them: hunks of removed and added
//! lines with a few lines of context, like `diff -u`.
//!
//! Owns the diff algorithm (longest common subsequence after trimming the common ends, which is
//! exact for the small middles edits produce; a very large middle is shown as replaced whole).
//! Must not style or lay out the lines.

/// What a diff line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiffKind {
    /// `@@ -a,b +c,d @@`: where the next lines are.
    Hunk,
    Context,
    Removed,
    Added,
}

/// One line of a diff, without its `+`/`-`/` ` mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    pub kind: DiffKind,
    pub text: String,
}

impl DiffLine {
    /// The line as `diff -u` prints it.
    pub fn marked(&self) -> String {
        let mark = match self.kind {
            DiffKind::Hunk => return self.text.clone(),
            DiffKind::Context => ' ',
            DiffKind::Removed => '-',
            DiffKind::Added => '+',
        };
        format!("{mark}{}", self.text)
    }
}

/// Above this many cells of the comparison table the middle is shown as replaced whole.
const MAX_TABLE: usize = 4_000_000;

/// The changes from `old` to `new`, with `context` unchanged lines around each.
pub fn unified(old: &str, new: &str, context: usize) -> Vec<DiffLine> {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = edit_script(&a, &b);
    hunks(&ops, &a, &b, context)
}

/// How many lines were added and removed.
pub fn counts(lines: &[DiffLine]) -> (usize, usize) {
    let added = lines.iter().filter(|l| l.kind == DiffKind::Added).count();
    let removed = lines.iter().filter(|l| l.kind == DiffKind::Removed).count();
    (added, removed)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// Same line: index in old, index in new.
    Keep(usize, usize),
    Remove(usize),
    Add(usize),
}

fn edit_script(a: &[&str], b: &[&str]) -> Vec<Op> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a_mid, b_mid) = (&a[prefix..a.len() - suffix], &b[prefix..b.len() - suffix]);
    let mut ops: Vec<Op> = (0..prefix).map(|i| Op::Keep(i, i)).collect();
    if a_mid.len().saturating_mul(b_mid.len()) > MAX_TABLE {
        ops.extend((0..a_mid.len()).map(|i| Op::Remove(prefix + i)));
        ops.extend((0..b_mid.len()).map(|j| Op::Add(prefix + j)));
    } else {
        ops.extend(lcs_script(a_mid, b_mid).into_iter().map(|op| match op {
            Op::Keep(i, j) => Op::Keep(prefix + i, prefix + j),
            Op::Remove(i) => Op::Remove(prefix + i),
            Op::Add(j) => Op::Add(prefix + j),
        }));
    }
    let (a_end, b_end) = (a.len() - suffix, b.len() - suffix);
    ops.extend((0..suffix).map(|k| Op::Keep(a_end + k, b_end + k)));
    ops
}

/// The classic table of longest common suffix lengths, walked from the front.
fn lcs_script(a: &[&str], b: &[&str]) -> Vec<Op> {
    let width = b.len() + 1;
    let mut table = vec![0u32; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i * width + j] = if a[i] == b[j] {
                table[(i + 1) * width + j + 1] + 1
            } else {
                table[(i + 1) * width + j].max(table[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut ops = Vec::with_capacity(a.len() + b.len());
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            ops.push(Op::Keep(i, j));
            i += 1;
            j += 1;
        } else if table[(i + 1) * width + j] >= table[i * width + j + 1] {
            ops.push(Op::Remove(i));
            i += 1;
        } else {
            ops.push(Op::Add(j));
            j += 1;
        }
    }
    ops.extend((i..a.len()).map(Op::Remove));
    ops.extend((j..b.len()).map(Op::Add));
    ops
}

fn hunks(ops: &[Op], a: &[&str], b: &[&str], context: usize) -> Vec<DiffLine> {
    let changed: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Keep(..)))
        .map(|(i, _)| i)
        .collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < changed.len() {
        let start = changed[k].saturating_sub(context);
        let mut end = changed[k];
        // Changes closer than two contexts apart share a hunk.
        while k < changed.len() && changed[k] <= end + 2 * context + 1 {
            end = changed[k];
            k += 1;
        }
        let end = (end + context + 1).min(ops.len());
        let slice = &ops[start..end];
        let old_start = first_index(slice, true).unwrap_or(0);
        let new_start = first_index(slice, false).unwrap_or(0);
        let old_len = slice.iter().filter(|o| !matches!(o, Op::Add(_))).count();
        let new_len = slice.iter().filter(|o| !matches!(o, Op::Remove(_))).count();
        out.push(DiffLine {
            kind: DiffKind::Hunk,
            text: format!(
                "@@ -{},{old_len} +{},{new_len} @@",
                old_start + usize::from(old_len > 0),
                new_start + usize::from(new_len > 0)
            ),
        });
        for op in slice {
            out.push(match *op {
                Op::Keep(i, _) => DiffLine {
                    kind: DiffKind::Context,
                    text: a[i].to_owned(),
                },
                Op::Remove(i) => DiffLine {
                    kind: DiffKind::Removed,
                    text: a[i].to_owned(),
                },
                Op::Add(j) => DiffLine {
                    kind: DiffKind::Added,
                    text: b[j].to_owned(),
                },
            });
        }
    }
    out
}

/// The first old (or new) line index a hunk touches; for an empty side, the line before it.
fn first_index(slice: &[Op], old: bool) -> Option<usize> {
    slice.iter().find_map(|op| match (*op, old) {
        (Op::Keep(i, _) | Op::Remove(i), true) => Some(i),
        (Op::Keep(_, j) | Op::Add(j), false) => Some(j),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(lines: &[DiffLine]) -> Vec<String> {
        lines.iter().map(DiffLine::marked).collect()
    }

    #[test]
    fn identical_texts_have_no_diff() {
        assert!(unified("a\nb\n", "a\nb\n", 3).is_empty());
    }

    #[test]
    fn a_changed_line_shows_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nD\ne\nf\ng\n";
        assert_eq!(
            marked(&unified(old, new, 2)),
            ["@@ -2,5 +2,5 @@", " b", " c", "-d", "+D", " e", " f"]
        );
    }

    #[test]
    fn far_apart_changes_make_two_hunks_and_counts_add_up() {
        let old = (0..30).fold(String::new(), |mut s, i| {
            s.push_str(&format!("line {i}\n"));
            s
        });
        let new = old
            .replace("line 2\n", "line 2\nnew after 2\n")
            .replace("line 25\n", "");
        let diff = unified(&old, &new, 3);
        let hunks: Vec<&DiffLine> = diff.iter().filter(|l| l.kind == DiffKind::Hunk).collect();
        assert_eq!(hunks.len(), 2, "{:#?}", marked(&diff));
        assert_eq!(counts(&diff), (1, 1));
        assert!(marked(&diff).contains(&"+new after 2".to_owned()));
        assert!(marked(&diff).contains(&"-line 25".to_owned()));
    }

    #[test]
    fn insertions_into_empty_and_deletions_to_empty() {
        assert_eq!(marked(&unified("", "x\n", 3)), ["@@ -0,0 +1,1 @@", "+x"]);
        assert_eq!(marked(&unified("x\n", "", 3)), ["@@ -1,1 +0,0 @@", "-x"]);
    }
}
