//! Parquet data files, read with the Apache Arrow project's `parquet` crate at its column level:
//! the footer first (one ranged read of the file's tail), then per row group only the column chunks
//! the plan needs (projection), decoded a batch of line items at a time into [`Batch`]es. Row groups
//! whose usage-start statistics lie outside the range are skipped unread. Memory per row group is its
//! projected compressed chunks plus one batch, whatever the file's size.

use std::sync::Arc;

use bytes::{Buf, Bytes};
use parquet::basic::{LogicalType, TimeUnit, Type as PhysicalType};
use parquet::column::page::PageReader;
use parquet::column::reader::{ColumnReader, get_column_reader};
use parquet::data_type::ByteArray;
use parquet::file::metadata::{ParquetMetaData, ParquetMetaDataReader, RowGroupMetaData};
use parquet::file::reader::{ChunkReader, Length};
use parquet::file::serialized_reader::SerializedPageReader;
use parquet::file::statistics::Statistics;
use parquet::schema::types::ColumnDescPtr;

use super::acc::{Batch, Partial};
use super::plan::{Field, Plan, USAGE_START, scaled_f64, scaled_text};

/// Line items decoded per batch.
pub const BATCH_ROWS: usize = 8192;
/// How much of a file's tail the first read takes: the footer of a CUR file fits in it.
pub const TAIL_BYTES: u64 = 64 * 1024;

/// Why a file could not be read (the caller names the file).
pub type Problem = String;

/// Parses the footer from the file's last bytes. `Err(Ok(n))`: the metadata needs the last `n`
/// bytes, read them and call again; `Err(Err(problem))`: not a Parquet file.
pub fn footer(tail: &[u8], file_size: u64) -> Result<ParquetMetaData, Result<u64, Problem>> {
    if tail.len() < 8 || &tail[tail.len() - 4..] != b"PAR1" {
        return Err(Err("not a Parquet file (no PAR1 footer)".into()));
    }
    let n = tail.len();
    let len = u32::from_le_bytes([tail[n - 8], tail[n - 7], tail[n - 6], tail[n - 5]]) as u64;
    let needed = len + 8;
    if needed + 4 > file_size {
        return Err(Err(format!(
            "its footer claims {len} bytes of metadata in a {file_size}-byte file"
        )));
    }
    if needed > n as u64 {
        return Err(Ok(needed));
    }
    let start = n - needed as usize;
    ParquetMetaDataReader::decode_metadata(&tail[start..n - 8])
        .map_err(|e| Err(format!("its metadata cannot be decoded: {e}")))
}

/// Where the plan's columns are in one file.
#[derive(Debug, Clone)]
pub struct Layout {
    time: Option<(usize, TimeKind)>,
    /// (leaf, plan string index).
    flat: Vec<(usize, usize)>,
    maps: Vec<MapRead>,
    /// (leaf, kind, plan number index).
    numbers: Vec<(usize, NumberKind, usize)>,
    /// Plan columns this file does not have.
    pub missing: Vec<String>,
    string_count: usize,
    number_count: usize,
}

#[derive(Debug, Clone)]
struct MapRead {
    key_leaf: usize,
    value_leaf: usize,
    /// (map key, plan string index).
    wanted: Vec<(Vec<u8>, usize)>,
}

#[derive(Debug, Clone, Copy)]
enum TimeKind {
    /// INT64 in units per millisecond: divide by this (1 for ms, 1,000 for µs, 1,000,000 for ns).
    Int64 {
        per_ms: i64,
    },
    Int96,
}

#[derive(Debug, Clone, Copy)]
enum NumberKind {
    Double,
    Float,
    /// A DECIMAL of this scale, stored as INT32/INT64/FIXED_LEN_BYTE_ARRAY/BYTE_ARRAY.
    Decimal(i32),
    Int,
    Text,
}

fn leaf_named(meta: &ParquetMetaData, path: &[&str]) -> Option<usize> {
    let schema = meta.file_metadata().schema_descr();
    (0..schema.num_columns()).find(|&i| {
        let column = schema.column(i);
        let parts = column.path().parts();
        parts.len() == path.len() && parts.iter().zip(path).all(|(a, b)| a == b)
    })
}

/// The leaves of a map column: `name.<repeated group>.key` and `.value`, whatever the group is called
/// (`key_value` by the spec, `map` by some writers).
fn map_leaves(meta: &ParquetMetaData, name: &str) -> Option<(usize, usize)> {
    let schema = meta.file_metadata().schema_descr();
    let find = |last: &str| {
        (0..schema.num_columns()).find(|&i| {
            let column = schema.column(i);
            let parts = column.path().parts();
            parts.len() == 3 && parts[0] == name && parts[2] == last
        })
    };
    Some((find("key")?, find("value")?))
}

impl Layout {
    /// Finds the plan's columns; those that are missing are listed (and read as null).
    pub fn new(plan: &Plan, meta: &ParquetMetaData) -> Result<Layout, Problem> {
        let schema = meta.file_metadata().schema_descr();
        let mut layout = Layout {
            time: None,
            flat: Vec::new(),
            maps: Vec::new(),
            numbers: Vec::new(),
            missing: Vec::new(),
            string_count: plan.strings.len(),
            number_count: plan.numbers.len(),
        };
        match leaf_named(meta, &[USAGE_START]) {
            Some(leaf) => layout.time = Some((leaf, time_kind(&schema.column(leaf))?)),
            None => layout.missing.push(USAGE_START.to_string()),
        }
        for (i, field) in plan.strings.iter().enumerate() {
            match field {
                Field::Column(name) => match leaf_named(meta, &[name]) {
                    Some(leaf) => {
                        check_bytes(&schema.column(leaf))?;
                        layout.flat.push((leaf, i));
                    }
                    None => layout.missing.push(name.clone()),
                },
                Field::MapKey { column, key } => match map_leaves(meta, column) {
                    Some((key_leaf, value_leaf)) => {
                        check_bytes(&schema.column(key_leaf))?;
                        check_bytes(&schema.column(value_leaf))?;
                        match layout.maps.iter_mut().find(|m| m.key_leaf == key_leaf) {
                            Some(m) => m.wanted.push((key.as_bytes().to_vec(), i)),
                            None => layout.maps.push(MapRead {
                                key_leaf,
                                value_leaf,
                                wanted: vec![(key.as_bytes().to_vec(), i)],
                            }),
                        }
                    }
                    None => {
                        if !layout.missing.contains(column) {
                            layout.missing.push(column.clone());
                        }
                    }
                },
            }
        }
        for (i, name) in plan.numbers.iter().enumerate() {
            match leaf_named(meta, &[name]) {
                Some(leaf) => layout.numbers.push((leaf, number_kind(&schema.column(leaf))?, i)),
                None => layout.missing.push(name.clone()),
            }
        }
        Ok(layout)
    }

    /// The leaves read, each once.
    pub fn leaves(&self) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .time
            .iter()
            .map(|t| t.0)
            .chain(self.flat.iter().map(|f| f.0))
            .chain(self.maps.iter().flat_map(|m| [m.key_leaf, m.value_leaf]))
            .chain(self.numbers.iter().map(|n| n.0))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The byte ranges (start, length) of the projected column chunks of row group `rg`, coalesced
    /// where the gap between two is at most `gap` bytes.
    pub fn ranges(&self, meta: &ParquetMetaData, rg: usize, gap: u64) -> Vec<(u64, u64)> {
        let group = meta.row_group(rg);
        let mut ranges: Vec<(u64, u64)> = self
            .leaves()
            .into_iter()
            .map(|leaf| group.column(leaf).byte_range())
            .collect();
        ranges.sort_unstable();
        let mut out: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
        for (start, len) in ranges {
            match out.last_mut() {
                Some((s, l)) if start <= *s + *l + gap => *l = (*l).max(start + len - *s),
                _ => out.push((start, len)),
            }
        }
        out
    }

    /// Whether row group `rg` can hold line items in `[lo, hi)` (ms), by its usage-start statistics.
    pub fn may_overlap(&self, group: &RowGroupMetaData, lo: i64, hi: i64) -> bool {
        let Some((leaf, TimeKind::Int64 { per_ms })) = self.time else {
            return true;
        };
        match group.column(leaf).statistics() {
            Some(Statistics::Int64(s)) => match (s.min_opt(), s.max_opt()) {
                (Some(min), Some(max)) => *max / per_ms >= lo && *min / per_ms < hi,
                _ => true,
            },
            _ => true,
        }
    }
}

fn check_bytes(descr: &ColumnDescPtr) -> Result<(), Problem> {
    match descr.physical_type() {
        PhysicalType::BYTE_ARRAY => Ok(()),
        other => Err(format!(
            "column {} is {other}, not the string CUR 2.0 writes",
            descr.path()
        )),
    }
}

fn time_kind(descr: &ColumnDescPtr) -> Result<TimeKind, Problem> {
    match (descr.physical_type(), descr.logical_type_ref()) {
        (PhysicalType::INT96, _) => Ok(TimeKind::Int96),
        (PhysicalType::INT64, Some(LogicalType::Timestamp(parquet::basic::TimestampType { unit, .. }))) => {
            Ok(TimeKind::Int64 {
                per_ms: match unit {
                    TimeUnit::MILLIS => 1,
                    TimeUnit::MICROS => 1_000,
                    TimeUnit::NANOS => 1_000_000,
                },
            })
        }
        (PhysicalType::INT64, _) => match descr.converted_type() {
            parquet::basic::ConvertedType::TIMESTAMP_MICROS => Ok(TimeKind::Int64 { per_ms: 1_000 }),
            _ => Ok(TimeKind::Int64 { per_ms: 1 }),
        },
        (other, _) => Err(format!("column {} is {other}, not a timestamp", descr.path())),
    }
}

fn number_kind(descr: &ColumnDescPtr) -> Result<NumberKind, Problem> {
    if let Some(LogicalType::Decimal(parquet::basic::DecimalType { scale, .. })) = descr.logical_type_ref() {
        return Ok(NumberKind::Decimal(*scale));
    }
    match descr.physical_type() {
        PhysicalType::DOUBLE => Ok(NumberKind::Double),
        PhysicalType::FLOAT => Ok(NumberKind::Float),
        PhysicalType::INT32 | PhysicalType::INT64 => Ok(NumberKind::Int),
        PhysicalType::BYTE_ARRAY => Ok(NumberKind::Text),
        other => Err(format!("column {} is {other}, not an amount", descr.path())),
    }
}

/// The fetched column chunks of one row group, served to the page readers by offset.
#[derive(Debug)]
pub struct Chunks {
    /// (file offset, bytes), sorted.
    pub parts: Vec<(u64, Bytes)>,
    pub file_size: u64,
}

impl Chunks {
    fn find(&self, start: u64, len: u64) -> parquet::errors::Result<Bytes> {
        let i = self.parts.partition_point(|(s, _)| *s <= start);
        if i > 0 {
            let (s, bytes) = &self.parts[i - 1];
            let from = (start - s) as usize;
            if from <= bytes.len() {
                if len == u64::MAX {
                    // An open-ended read: what remains of this part.
                    return Ok(bytes.slice(from..));
                }
                if len <= (bytes.len() - from) as u64 {
                    return Ok(bytes.slice(from..from + len as usize));
                }
            }
        }
        Err(parquet::errors::ParquetError::General(format!(
            "bytes {start}..+{len} were not fetched"
        )))
    }
}

impl Length for Chunks {
    fn len(&self) -> u64 {
        self.file_size
    }
}

impl ChunkReader for Chunks {
    type T = bytes::buf::Reader<Bytes>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        Ok(self.find(start, u64::MAX)?.reader())
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<Bytes> {
        self.find(start, length as u64)
    }
}

fn page_reader(
    chunks: &Arc<Chunks>,
    group: &RowGroupMetaData,
    leaf: usize,
) -> parquet::errors::Result<Box<dyn PageReader>> {
    Ok(Box::new(SerializedPageReader::new(
        Arc::clone(chunks),
        group.column(leaf),
        group.num_rows() as usize,
        None,
    )?))
}

/// A typed reader of one leaf, with its level buffers.
struct Leaf {
    reader: ColumnReader,
    descr: ColumnDescPtr,
    defs: Vec<i16>,
    reps: Vec<i16>,
}

impl Leaf {
    fn new(
        chunks: &Arc<Chunks>,
        meta: &ParquetMetaData,
        rg: usize,
        leaf: usize,
    ) -> parquet::errors::Result<Leaf> {
        let group = meta.row_group(rg);
        let descr = meta.file_metadata().schema_descr().column(leaf);
        Ok(Leaf {
            reader: get_column_reader(descr.clone(), page_reader(chunks, group, leaf)?),
            descr,
            defs: Vec::new(),
            reps: Vec::new(),
        })
    }

    /// The reader and its level buffers (cleared), borrowed apart.
    fn parts(&mut self) -> (&mut ColumnReader, Option<&mut Vec<i16>>, Option<&mut Vec<i16>>) {
        self.defs.clear();
        self.reps.clear();
        let def = (self.descr.max_def_level() > 0).then_some(&mut self.defs);
        let rep = (self.descr.max_rep_level() > 0).then_some(&mut self.reps);
        (&mut self.reader, def, rep)
    }
}

/// Reads `n` records of a flat column into per-row options (`values` is scratch).
fn flat<T: Clone>(max_def: i16, defs: &[i16], values: &mut Vec<T>, levels: usize, out: &mut Vec<Option<T>>) {
    out.clear();
    if max_def == 0 {
        out.extend(values.drain(..).map(Some));
        return;
    }
    let mut it = values.drain(..);
    for &d in &defs[..levels] {
        out.push(if d == max_def { it.next() } else { None });
    }
}

fn bad(e: impl std::fmt::Display) -> Problem {
    format!("a column chunk cannot be decoded: {e}")
}

/// Reads `n` records of a flat byte-array leaf.
fn read_bytes(
    leaf: &mut Leaf,
    n: usize,
    scratch: &mut Vec<ByteArray>,
    out: &mut Vec<Option<ByteArray>>,
) -> Result<usize, Problem> {
    let max_def = leaf.descr.max_def_level();
    scratch.clear();
    let (recs, levels) = {
        let Leaf {
            reader,
            defs,
            reps,
            descr,
        } = leaf;
        defs.clear();
        reps.clear();
        let def = (descr.max_def_level() > 0).then_some(&mut *defs);
        match reader {
            ColumnReader::ByteArrayColumnReader(r) => {
                let (recs, _, levels) = r.read_records(n, def, None, scratch).map_err(bad)?;
                (recs, levels)
            }
            _ => return Err("a string column is not BYTE_ARRAY".into()),
        }
    };
    flat(max_def, &leaf.defs, scratch, levels, out);
    Ok(recs)
}

/// Reads `n` records of a map column's key and value leaves; for each wanted key, each row's value.
fn read_map(
    keys: &mut Leaf,
    values: &mut Leaf,
    wanted: &[(Vec<u8>, usize)],
    n: usize,
    batch: &mut Batch,
    scratch: &mut (Vec<ByteArray>, Vec<ByteArray>),
) -> Result<usize, Problem> {
    let (key_vals, value_vals) = scratch;
    key_vals.clear();
    value_vals.clear();
    let recs = {
        let (reader, def, rep) = keys.parts();
        match reader {
            ColumnReader::ByteArrayColumnReader(r) => r.read_records(n, def, rep, key_vals).map_err(bad)?.0,
            _ => return Err("a map key column is not BYTE_ARRAY".into()),
        }
    };
    let value_recs = {
        let (reader, def, rep) = values.parts();
        match reader {
            ColumnReader::ByteArrayColumnReader(r) => r.read_records(n, def, rep, value_vals).map_err(bad)?.0,
            _ => return Err("a map value column is not BYTE_ARRAY".into()),
        }
    };
    if recs != value_recs || keys.defs.len() != values.defs.len() {
        return Err("a map column's keys and values disagree".into());
    }
    for (_, i) in wanted {
        batch.strings[*i].clear();
        batch.strings[*i].resize(recs, None);
    }
    // An entry exists where the key leaf is defined to its full depth; the value where the value
    // leaf is. A repetition level of 0 starts the next row.
    let key_def = keys.descr.max_def_level();
    let value_def = values.descr.max_def_level();
    let (mut row, mut ki, mut vi) = (usize::MAX, 0usize, 0usize);
    for l in 0..keys.defs.len() {
        if keys.reps.get(l).copied().unwrap_or(0) == 0 {
            row = row.wrapping_add(1);
        }
        if keys.defs[l] < key_def {
            continue;
        }
        let key = &key_vals[ki];
        ki += 1;
        let value = (values.defs[l] == value_def).then(|| {
            vi += 1;
            &value_vals[vi - 1]
        });
        for (want, i) in wanted {
            if key.data() == want.as_slice() && row < recs {
                batch.strings[*i][row] = value.cloned();
            }
        }
    }
    Ok(recs)
}

fn int96_ms(v: &parquet::data_type::Int96) -> i64 {
    const JULIAN_EPOCH: i64 = 2_440_588;
    let d = v.data();
    let nanos = (d[0] as i64) | ((d[1] as i64) << 32);
    (d[2] as i64 - JULIAN_EPOCH) * 86_400_000 + nanos / 1_000_000
}

fn rescale(mantissa: i128, scale: i32) -> i128 {
    let target = super::plan::SCALE as i32;
    if scale <= target {
        mantissa * 10i128.pow((target - scale) as u32)
    } else {
        let div = 10i128.pow((scale - target) as u32);
        // Round half away from zero, as Decimal::round_dp does.
        let q = mantissa / div;
        let r = mantissa % div;
        if r.abs() * 2 >= div {
            q + mantissa.signum()
        } else {
            q
        }
    }
}

fn be_i128(bytes: &[u8]) -> i128 {
    let mut v: i128 = if bytes.first().is_some_and(|b| b & 0x80 != 0) {
        -1
    } else {
        0
    };
    for b in bytes {
        v = (v << 8) | *b as i128;
    }
    v
}

/// Decodes row group `rg` from its fetched chunks into `partial`; returns the line items decoded.
pub fn decode_row_group(
    plan: &Plan,
    layout: &Layout,
    meta: &ParquetMetaData,
    rg: usize,
    chunks: Chunks,
    partial: &mut Partial,
) -> Result<u64, Problem> {
    let chunks = Arc::new(chunks);
    let group = meta.row_group(rg);
    let rows_total = group.num_rows().max(0) as usize;
    let open = |leaf: usize| Leaf::new(&chunks, meta, rg, leaf).map_err(bad);
    let mut time = match layout.time {
        Some((leaf, kind)) => Some((open(leaf)?, kind)),
        None => None,
    };
    let mut flats = layout
        .flat
        .iter()
        .map(|&(leaf, i)| Ok((open(leaf)?, i)))
        .collect::<Result<Vec<_>, Problem>>()?;
    let mut maps = layout
        .maps
        .iter()
        .map(|m| Ok((open(m.key_leaf)?, open(m.value_leaf)?, m.wanted.clone())))
        .collect::<Result<Vec<_>, Problem>>()?;
    let mut numbers = layout
        .numbers
        .iter()
        .map(|&(leaf, kind, i)| Ok((open(leaf)?, kind, i)))
        .collect::<Result<Vec<_>, Problem>>()?;

    let mut batch = Batch {
        rows: 0,
        times: Vec::with_capacity(BATCH_ROWS),
        strings: vec![Vec::new(); layout.string_count],
        numbers: vec![Vec::new(); layout.number_count],
    };
    let mut bytes_scratch: Vec<ByteArray> = Vec::new();
    let mut map_scratch = (Vec::new(), Vec::new());
    let mut f64s: Vec<f64> = Vec::new();
    let mut f32s: Vec<f32> = Vec::new();
    let mut i64s: Vec<i64> = Vec::new();
    let mut i32s: Vec<i32> = Vec::new();
    let mut i96s: Vec<parquet::data_type::Int96> = Vec::new();
    let mut flbas: Vec<parquet::data_type::FixedLenByteArray> = Vec::new();
    let mut done = 0usize;
    while done < rows_total {
        let n = BATCH_ROWS.min(rows_total - done);
        // Usage start.
        batch.times.clear();
        match &mut time {
            Some((leaf, kind)) => {
                let max_def = leaf.descr.max_def_level();
                let (reader, def, _) = leaf.parts();
                let levels = match (reader, *kind) {
                    (ColumnReader::Int64ColumnReader(r), TimeKind::Int64 { .. }) => {
                        i64s.clear();
                        r.read_records(n, def, None, &mut i64s).map_err(bad)?.2
                    }
                    (ColumnReader::Int96ColumnReader(r), TimeKind::Int96) => {
                        i96s.clear();
                        r.read_records(n, def, None, &mut i96s).map_err(bad)?.2
                    }
                    _ => return Err("the usage start column changed type".into()),
                };
                let levels = if max_def == 0 { n } else { levels };
                let mut vi = 0;
                for l in 0..levels {
                    let present = max_def == 0 || leaf.defs[l] == max_def;
                    batch.times.push(present.then(|| {
                        vi += 1;
                        match *kind {
                            TimeKind::Int64 { per_ms } => i64s[vi - 1].div_euclid(per_ms),
                            TimeKind::Int96 => int96_ms(&i96s[vi - 1]),
                        }
                    }));
                }
            }
            None => batch.times.resize(n, None),
        }
        if batch.times.len() != n {
            return Err(format!(
                "row group {rg} holds fewer line items than its metadata says"
            ));
        }
        for (leaf, i) in &mut flats {
            let mut out = std::mem::take(&mut batch.strings[*i]);
            let got = read_bytes(leaf, n, &mut bytes_scratch, &mut out)?;
            batch.strings[*i] = out;
            if got != n {
                return Err(format!("row group {rg}: a column ends early"));
            }
        }
        for (keys, values, wanted) in &mut maps {
            if read_map(keys, values, wanted, n, &mut batch, &mut map_scratch)? != n {
                return Err(format!("row group {rg}: a map column ends early"));
            }
        }
        for (leaf, kind, i) in &mut numbers {
            let max_def = leaf.descr.max_def_level();
            let out = &mut batch.numbers[*i];
            out.clear();
            let (reader, def, _) = leaf.parts();
            macro_rules! fill {
                ($r:expr, $buf:expr, $conv:expr) => {{
                    $buf.clear();
                    let levels = $r.read_records(n, def, None, &mut $buf).map_err(bad)?.2;
                    let levels = if max_def == 0 { n } else { levels };
                    let mut it = $buf.iter();
                    for l in 0..levels {
                        if max_def == 0 || leaf.defs[l] == max_def {
                            out.push(it.next().map_or(0, $conv));
                        } else {
                            out.push(0);
                        }
                    }
                }};
            }
            match (reader, *kind) {
                (ColumnReader::DoubleColumnReader(r), _) => fill!(r, f64s, |v: &f64| scaled_f64(*v)),
                (ColumnReader::FloatColumnReader(r), _) => fill!(r, f32s, |v: &f32| scaled_f64(*v as f64)),
                (ColumnReader::Int64ColumnReader(r), NumberKind::Decimal(s)) => {
                    fill!(r, i64s, |v: &i64| rescale(*v as i128, s))
                }
                (ColumnReader::Int32ColumnReader(r), NumberKind::Decimal(s)) => {
                    fill!(r, i32s, |v: &i32| rescale(*v as i128, s))
                }
                (ColumnReader::Int64ColumnReader(r), _) => fill!(r, i64s, |v: &i64| rescale(*v as i128, 0)),
                (ColumnReader::Int32ColumnReader(r), _) => fill!(r, i32s, |v: &i32| rescale(*v as i128, 0)),
                (ColumnReader::FixedLenByteArrayColumnReader(r), NumberKind::Decimal(s)) => {
                    fill!(r, flbas, |v: &parquet::data_type::FixedLenByteArray| rescale(
                        be_i128(v.data()),
                        s
                    ))
                }
                (ColumnReader::ByteArrayColumnReader(r), NumberKind::Decimal(s)) => {
                    fill!(r, bytes_scratch, |v: &ByteArray| rescale(be_i128(v.data()), s))
                }
                (ColumnReader::ByteArrayColumnReader(r), _) => fill!(r, bytes_scratch, |v: &ByteArray| {
                    std::str::from_utf8(v.data())
                        .ok()
                        .and_then(scaled_text)
                        .unwrap_or(0)
                }),
                _ => return Err("an amount column has an unsupported type".into()),
            }
            if out.len() != n {
                return Err(format!("row group {rg}: an amount column ends early"));
            }
        }
        // Absent columns read as null / zero.
        for (i, column) in batch.strings.iter_mut().enumerate() {
            let present = layout.flat.iter().any(|f| f.1 == i)
                || layout.maps.iter().any(|m| m.wanted.iter().any(|w| w.1 == i));
            if !present {
                column.clear();
                column.resize(n, None);
            }
        }
        for (i, column) in batch.numbers.iter_mut().enumerate() {
            if !layout.numbers.iter().any(|n| n.2 == i) {
                column.clear();
                column.resize(n, 0);
            }
        }
        batch.rows = n;
        partial.add(plan, &batch);
        done += n;
    }
    Ok(done as u64)
}

/// Reads a local file's bytes in `[start, start + len)` (positioned, so threads can share the file).
pub fn read_range(file: &std::fs::File, start: u64, len: u64) -> std::io::Result<Bytes> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0u8; len as usize];
    file.read_exact_at(&mut buf, start)?;
    Ok(Bytes::from(buf))
}
