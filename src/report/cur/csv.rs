//! Gzipped CSV data files (`.csv.gz`, Data Exports' other format), read as a stream: the header names
//! the columns, map columns (`resource_tags`, `tags`) are JSON objects in their cell, timestamps are
//! `YYYY-MM-DDTHH:MM:SSZ`, amounts decimal text. Decoded a batch at a time into [`Batch`]es.

use std::collections::HashMap;
use std::io::Read;

use parquet::data_type::ByteArray;

use super::acc::{Batch, Partial};
use super::parquet::{BATCH_ROWS, Problem};
use super::plan::{Field, Plan, USAGE_START, scaled_text};

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or with a space, or `+00:00`) to milliseconds since the epoch.
pub fn parse_time(text: &[u8]) -> Option<i64> {
    let s = std::str::from_utf8(text).ok()?.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some(ts.as_millisecond());
    }
    // A date-time without an offset is UTC in the CUR.
    let civil: jiff::civil::DateTime = s.trim_end_matches('Z').replace(' ', "T").parse().ok()?;
    Some(
        civil
            .to_zoned(jiff::tz::TimeZone::UTC)
            .ok()?
            .timestamp()
            .as_millisecond(),
    )
}

/// Scans one CSV stream into `partial`; returns the line items read and the plan columns the file
/// lacks.
pub fn scan(plan: &Plan, input: impl Read, partial: &mut Partial) -> Result<(u64, Vec<String>), Problem> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let header = reader
        .byte_headers()
        .map_err(|e| format!("its CSV header cannot be read: {e}"))?
        .clone();
    let position = |name: &str| header.iter().position(|h| h == name.as_bytes());
    let mut missing = Vec::new();
    let time = position(USAGE_START);
    if time.is_none() {
        missing.push(USAGE_START.to_string());
    }
    // Plain string columns and map columns (with the keys wanted from each).
    let mut flat: Vec<(usize, usize)> = Vec::new();
    let mut maps: Vec<(usize, Vec<(String, usize)>)> = Vec::new();
    for (i, field) in plan.strings.iter().enumerate() {
        match field {
            Field::Column(name) => match position(name) {
                Some(p) => flat.push((p, i)),
                None => missing.push(name.clone()),
            },
            Field::MapKey { column, key } => match position(column) {
                Some(p) => match maps.iter_mut().find(|m| m.0 == p) {
                    Some(m) => m.1.push((key.clone(), i)),
                    None => maps.push((p, vec![(key.clone(), i)])),
                },
                None => {
                    if !missing.contains(column) {
                        missing.push(column.clone());
                    }
                }
            },
        }
    }
    let numbers: Vec<Option<usize>> = plan
        .numbers
        .iter()
        .map(|name| {
            let p = position(name);
            if p.is_none() {
                missing.push(name.clone());
            }
            p
        })
        .collect();

    let mut batch = Batch {
        rows: 0,
        times: Vec::with_capacity(BATCH_ROWS),
        strings: vec![Vec::with_capacity(BATCH_ROWS); plan.strings.len()],
        numbers: vec![Vec::with_capacity(BATCH_ROWS); plan.numbers.len()],
    };
    let mut record = csv::ByteRecord::new();
    let mut total = 0u64;
    let mut line = 1u64;
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|e| format!("line {}: {e}", line + 1))?;
        if more {
            line += 1;
            batch
                .times
                .push(time.and_then(|p| record.get(p)).and_then(parse_time));
            for column in batch.strings.iter_mut() {
                column.push(None);
            }
            let r = batch.times.len() - 1;
            for &(p, i) in &flat {
                batch.strings[i][r] = record.get(p).map(ByteArray::from);
            }
            for (p, wanted) in &maps {
                let cell = record.get(*p).unwrap_or_default();
                if cell.is_empty() {
                    continue;
                }
                let map: HashMap<String, Option<String>> = serde_json::from_slice(cell)
                    .map_err(|e| format!("line {line}: a map cell is not a JSON object: {e}"))?;
                for (key, i) in wanted {
                    if let Some(Some(v)) = map.get(key) {
                        batch.strings[*i][r] = Some(ByteArray::from(v.as_str()));
                    }
                }
            }
            for (i, p) in numbers.iter().enumerate() {
                let value = match p.and_then(|p| record.get(p)) {
                    Some(cell) => std::str::from_utf8(cell)
                        .ok()
                        .and_then(scaled_text)
                        .ok_or_else(|| {
                            format!(
                                "line {line}: `{}` is not an amount",
                                String::from_utf8_lossy(cell)
                            )
                        })?,
                    None => 0,
                };
                batch.numbers[i].push(value);
            }
        }
        if batch.times.len() >= BATCH_ROWS || (!more && !batch.times.is_empty()) {
            batch.rows = batch.times.len();
            partial.add(plan, &batch);
            total += batch.rows as u64;
            batch.times.clear();
            batch.strings.iter_mut().for_each(Vec::clear);
            batch.numbers.iter_mut().for_each(Vec::clear);
        }
        if !more {
            break;
        }
    }
    Ok((total, missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_as_utc() {
        assert_eq!(parse_time(b"2026-11-01T00:00:00Z"), Some(1_793_491_200_000));
        assert_eq!(parse_time(b"2026-11-01T01:00:00.000Z"), Some(1_793_494_800_000));
        assert_eq!(parse_time(b"2026-11-01 01:00:00"), Some(1_793_494_800_000));
        assert_eq!(parse_time(b"2026-11-01T01:00:00+00:00"), Some(1_793_494_800_000));
        assert_eq!(parse_time(b""), None);
        assert_eq!(parse_time(b"yesterday"), None);
    }
}
