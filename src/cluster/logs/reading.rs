//! Reading a `pods/log` response line by line: lines cut at `MAX_LINE_BYTES`, invalid UTF-8
//! kept (lossily), and the runtime's timestamp split off each line.
//!
//! Owns turning bytes into `LogLine`s. Must not decide what happens with them.

use futures::{AsyncBufRead, AsyncBufReadExt as _, Stream};
use jiff::Timestamp;

use super::{LogLine, MAX_LINE_BYTES};

/// Splits `2026-01-01T10:00:00.123456789Z text` into its time and text (a line without a
/// readable time keeps all of its text).
pub fn parse_line(bytes: &[u8]) -> LogLine {
    let mut end = bytes.len();
    while end > 0 && matches!(bytes[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    let text = String::from_utf8_lossy(&bytes[..end]);
    if let Some((stamp, rest)) = text.split_once(' ')
        && let Ok(time) = stamp.parse::<Timestamp>()
    {
        return LogLine {
            time: Some(time),
            text: rest.to_owned(),
        };
    }
    LogLine {
        time: None,
        text: text.into_owned(),
    }
}

/// Reads one line (newline included) into `buf`, cutting it at `MAX_LINE_BYTES`. Returns
/// false at the end of the stream with nothing read.
pub(super) async fn read_line_capped<R: AsyncBufRead + Unpin>(
    reader: &mut R,
    buf: &mut Vec<u8>,
) -> std::io::Result<bool> {
    loop {
        let available = reader.fill_buf().await?;
        if available.is_empty() {
            return Ok(!buf.is_empty());
        }
        let (take, done) = match available.iter().position(|b| *b == b'\n') {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let room = MAX_LINE_BYTES.saturating_sub(buf.len());
        buf.extend_from_slice(&available[..take.min(room)]);
        reader.consume_unpin(take);
        if done {
            return Ok(true);
        }
    }
}

/// The lines of a log response as a stream (cancel-safe to poll with a timer).
pub(super) fn lines_of<R: AsyncBufRead + Unpin>(
    reader: R,
) -> impl Stream<Item = std::io::Result<LogLine>> + Unpin {
    Box::pin(futures::stream::try_unfold(reader, |mut r| async move {
        let mut buf = Vec::new();
        if read_line_capped(&mut r, &mut buf).await? {
            Ok(Some((parse_line(&buf), r)))
        } else {
            Ok(None)
        }
    }))
}
