//! The scan's work: each Parquet file's footer, then its row groups (only the projected column chunks,
//! fetched and decoded concurrently under a bound), or a gzipped CSV file streamed through a decoding
//! thread; every unit summed into its own partial.

use super::*;

#[derive(Debug, Default)]
pub(super) struct FileStats {
    pub(super) bytes_total: u64,
    pub(super) row_groups: u32,
    pub(super) row_groups_skipped: u32,
    pub(super) missing: Vec<String>,
}

/// One unit of work: a Parquet row group, or a whole CSV file.
pub(super) enum Task {
    RowGroup {
        file: FileRef,
        meta: Arc<::parquet::file::metadata::ParquetMetaData>,
        layout: Arc<parquet::Layout>,
        rg: usize,
        size: u64,
        /// The file's last bytes, read for the footer.
        tail: Bytes,
    },
    Csv {
        file: FileRef,
    },
}

pub(super) async fn scan_files(
    store: &Store<'_>,
    plan: &Arc<Plan>,
    files: Vec<FileRef>,
    concurrency: usize,
) -> Result<(Vec<acc::Partial>, FileStats)> {
    let mut stats = FileStats::default();
    // Footers first (concurrently), to know each file's row groups.
    let footers = futures::stream::iter(files.into_iter().map(|file| async move {
        if is_csv(&file.key) {
            return Ok((file, None));
        }
        let (mut tail, size) = store.tail(&file, parquet::TAIL_BYTES).await?;
        let meta = match parquet::footer(&tail, size) {
            Ok(meta) => meta,
            Err(Ok(needed)) => {
                tail = store.range(&file, size - needed, needed).await?;
                parquet::footer(&tail, size).map_err(|e| match e {
                    Ok(_) => corrupt(&file.uri, "its footer is inconsistent".into()),
                    Err(problem) => corrupt(&file.uri, problem),
                })?
            }
            Err(Err(problem)) => return Err(corrupt(&file.uri, problem)),
        };
        Ok((file, Some((meta, size, tail))))
    }))
    .buffered(concurrency)
    .collect::<Vec<Result<_>>>()
    .await;

    let (lo, hi) = (plan.buckets.start(), plan.buckets.end);
    let mut tasks = Vec::new();
    for footer in footers {
        let (file, parsed) = footer?;
        let Some((meta, size, tail)) = parsed else {
            tasks.push(Task::Csv { file });
            continue;
        };
        stats.bytes_total += size;
        let layout = parquet::Layout::new(plan, &meta).map_err(|p| corrupt(&file.uri, p))?;
        for m in &layout.missing {
            if !stats.missing.contains(m) {
                stats.missing.push(m.clone());
            }
        }
        let meta = Arc::new(meta);
        let layout = Arc::new(layout);
        for rg in 0..meta.num_row_groups() {
            stats.row_groups += 1;
            if !layout.may_overlap(meta.row_group(rg), lo, hi) {
                stats.row_groups_skipped += 1;
                continue;
            }
            tasks.push(Task::RowGroup {
                file: file.clone(),
                meta: Arc::clone(&meta),
                layout: Arc::clone(&layout),
                rg,
                size,
                tail: tail.clone(),
            });
        }
    }

    let results = futures::stream::iter(tasks.into_iter().map(|task| {
        let plan = Arc::clone(plan);
        async move {
            match task {
                Task::RowGroup {
                    file,
                    meta,
                    layout,
                    rg,
                    size,
                    tail,
                } => {
                    // What the footer's read already holds (a small file's every byte) is not fetched again.
                    let tail_start = size - tail.len() as u64;
                    let mut parts = Vec::new();
                    for (start, len) in layout.ranges(&meta, rg, store.coalesce_gap()) {
                        let bytes = if start >= tail_start {
                            let from = (start - tail_start) as usize;
                            tail.slice(from..(from + len as usize).min(tail.len()))
                        } else {
                            store.range(&file, start, len).await?
                        };
                        parts.push((start, bytes));
                    }
                    let chunks = parquet::Chunks {
                        parts,
                        file_size: size,
                    };
                    let uri = file.uri.clone();
                    tokio::task::spawn_blocking(move || {
                        let mut partial = acc::Partial::new(&plan);
                        parquet::decode_row_group(&plan, &layout, &meta, rg, chunks, &mut partial)
                            .map_err(|p| corrupt(&uri, format!("row group {rg}: {p}")))?;
                        Ok::<_, Error>((partial, 0u64, Vec::new()))
                    })
                    .await
                    .map_err(|e| corrupt(&file.uri, format!("the decoder failed: {e}")))?
                }
                Task::Csv { file } => scan_csv(store, &plan, file).await,
            }
        }
    }))
    .buffer_unordered(concurrency)
    .collect::<Vec<Result<_>>>()
    .await;

    let mut partials = Vec::with_capacity(results.len());
    for result in results {
        let (partial, csv_bytes, missing) = result?;
        stats.bytes_total += csv_bytes;
        for m in missing {
            if !stats.missing.contains(&m) {
                stats.missing.push(m);
            }
        }
        partials.push(partial);
    }
    Ok((partials, stats))
}

pub(super) fn is_csv(key: &str) -> bool {
    key.ends_with(".csv.gz") || key.ends_with(".csv")
}

/// A CSV file, streamed: the body's chunks go to a decoding thread through a bounded channel, so
/// neither the compressed nor the decompressed file is ever whole in memory.
pub(super) async fn scan_csv(
    store: &Store<'_>,
    plan: &Arc<Plan>,
    file: FileRef,
) -> Result<(acc::Partial, u64, Vec<String>)> {
    let gz = file.key.ends_with(".gz");
    let (tx, rx) = tokio::sync::mpsc::channel::<std::io::Result<Bytes>>(8);
    let plan_for_thread = Arc::clone(plan);
    let uri = file.uri.clone();
    let decoder = tokio::task::spawn_blocking(move || {
        let reader = ChannelReader {
            rx,
            current: Bytes::new(),
        };
        let mut partial = acc::Partial::new(&plan_for_thread);
        let result = if gz {
            csv::scan(
                &plan_for_thread,
                std::io::BufReader::new(flate2::read::MultiGzDecoder::new(reader)),
                &mut partial,
            )
        } else {
            csv::scan(&plan_for_thread, reader, &mut partial)
        };
        result.map(|(_, missing)| (partial, missing))
    });
    let mut size = 0u64;
    let send_result: Result<()> = async {
        match &store.kind {
            StoreKind::S3 { ctx, region, bucket } => {
                let mut body = crate::aws::s3::get_object_stream(ctx, region, bucket, &file.key).await?;
                store.count_get(0);
                while let Some(chunk) = body.next().await? {
                    size += chunk.len() as u64;
                    store
                        .read
                        .fetch_add(chunk.len() as u64, std::sync::atomic::Ordering::Relaxed);
                    if tx.send(Ok(chunk)).await.is_err() {
                        break;
                    }
                }
            }
            StoreKind::Local { .. } => {
                let f = open(&file)?;
                let len = f.metadata().map(|m| m.len()).unwrap_or(0);
                size = len;
                let mut at = 0;
                while at < len {
                    let n = (len - at).min(1 << 20);
                    let chunk =
                        parquet::read_range(&f, at, n).map_err(|e| Error::io(format!("reading {uri}"), e))?;
                    store.count_get(chunk.len());
                    at += n;
                    if tx.send(Ok(chunk)).await.is_err() {
                        break;
                    }
                }
            }
        }
        Ok(())
    }
    .await;
    drop(tx);
    let decoded = decoder
        .await
        .map_err(|e| corrupt(&file.uri, format!("the decoder failed: {e}")))?;
    send_result?;
    let (partial, missing) = decoded.map_err(|p| corrupt(&file.uri, p))?;
    Ok((partial, size, missing))
}

/// A `Read` over chunks arriving on a channel.
pub(super) struct ChannelReader {
    pub(super) rx: tokio::sync::mpsc::Receiver<std::io::Result<Bytes>>,
    pub(super) current: Bytes,
}

impl std::io::Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.rx.blocking_recv() {
                Some(chunk) => self.current = chunk?,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current[..n]);
        bytes::Buf::advance(&mut self.current, n);
        Ok(n)
    }
}
