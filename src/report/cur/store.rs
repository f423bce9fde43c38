//! Where a CUR scan's bytes come from: S3 (through the `aws` layer) or the local disk, every request and
//! byte counted for the report's cost line.

use super::*;

/// Where bytes come from: S3 (through the `aws` layer) or the local disk, with the requests counted.
pub(super) struct Store<'a> {
    pub(super) kind: StoreKind<'a>,
    pub(super) gets: std::sync::atomic::AtomicU32,
    pub(super) lists: std::sync::atomic::AtomicU32,
    pub(super) read: std::sync::atomic::AtomicU64,
}

pub(super) enum StoreKind<'a> {
    S3 {
        ctx: &'a AwsContext,
        region: String,
        bucket: String,
    },
    Local {
        root: PathBuf,
    },
}

/// A file of the export: its key (S3) or path (local), and for errors its URI.
#[derive(Debug, Clone)]
pub(super) struct FileRef {
    pub(super) key: String,
    pub(super) uri: String,
}

impl<'a> Store<'a> {
    /// The store `location` is read from; for S3, in the bucket's own region (GetBucketLocation).
    pub(super) async fn open(ctx: Option<&'a AwsContext>, location: &Location) -> Result<Store<'a>> {
        let kind = match location {
            Location::S3 { bucket, .. } => {
                let ctx = ctx.ok_or_else(|| Error::usage("reading an export in S3 needs AWS credentials"))?;
                let region = crate::aws::s3::bucket_region(ctx, bucket).await?;
                StoreKind::S3 {
                    ctx,
                    region,
                    bucket: bucket.clone(),
                }
            }
            Location::Local { path } => StoreKind::Local { root: path.clone() },
        };
        Ok(Store {
            kind,
            gets: Default::default(),
            lists: Default::default(),
            read: Default::default(),
        })
    }
}

impl Store<'_> {
    pub(super) fn count_get(&self, bytes: usize) {
        self.gets.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.read
            .fetch_add(bytes as u64, std::sync::atomic::Ordering::Relaxed);
    }

    /// Keys (relative to the export for local) under the export's `metadata/`.
    pub(super) async fn list_metadata(&self, location: &Location) -> Result<Vec<String>> {
        match &self.kind {
            StoreKind::S3 { ctx, region, bucket } => {
                let Location::S3 { prefix, .. } = location else {
                    unreachable!("an S3 store has an S3 location")
                };
                let (objects, pages) =
                    crate::aws::s3::list_objects(ctx, region, bucket, &format!("{prefix}/metadata/")).await?;
                self.lists.fetch_add(pages, std::sync::atomic::Ordering::Relaxed);
                Ok(objects
                    .into_iter()
                    .filter_map(|o| o.key.strip_prefix(&format!("{prefix}/")).map(str::to_string))
                    .collect())
            }
            StoreKind::Local { root } => {
                let mut out = Vec::new();
                let meta = root.join("metadata");
                let Ok(dirs) = std::fs::read_dir(&meta) else {
                    return Ok(out);
                };
                for dir in dirs.flatten() {
                    let Ok(files) = std::fs::read_dir(dir.path()) else {
                        continue;
                    };
                    for file in files.flatten() {
                        if file.path().is_file() {
                            out.push(format!(
                                "metadata/{}/{}",
                                dir.file_name().to_string_lossy(),
                                file.file_name().to_string_lossy()
                            ));
                        }
                    }
                }
                Ok(out)
            }
        }
    }

    /// A whole small object (a manifest), by its key relative to the export.
    pub(super) async fn get_relative(&self, location: &Location, relative: &str) -> Result<Bytes> {
        match (&self.kind, location) {
            (StoreKind::S3 { ctx, region, bucket }, Location::S3 { prefix, .. }) => {
                let got =
                    crate::aws::s3::get_object(ctx, region, bucket, &format!("{prefix}/{relative}"), None)
                        .await?;
                self.count_get(got.bytes.len());
                Ok(got.bytes)
            }
            (StoreKind::Local { root }, _) => {
                let path = root.join(relative);
                let bytes =
                    std::fs::read(&path).map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
                Ok(Bytes::from(bytes))
            }
            _ => unreachable!("store and location agree"),
        }
    }

    /// Resolves a manifest's data file URI to something this store reads.
    pub(super) fn file(&self, location: &Location, uri: &str) -> Result<FileRef> {
        match (&self.kind, location) {
            (StoreKind::S3 { bucket, .. }, _) => {
                let rest = uri.strip_prefix("s3://").unwrap_or(uri);
                let (b, key) = rest.split_once('/').unwrap_or((rest, ""));
                if b != bucket || key.is_empty() {
                    return Err(corrupt(
                        uri,
                        format!("the manifest names a data file outside bucket {bucket}"),
                    ));
                }
                Ok(FileRef {
                    key: key.to_string(),
                    uri: uri.to_string(),
                })
            }
            (StoreKind::Local { root }, _) => {
                // s3://bucket/prefix/EXPORT/data/... → <dir>/data/...
                let export = location.export_name();
                let marker = format!("/{export}/data/");
                let relative = match uri.find(&marker) {
                    Some(i) => &uri[i + export.len() + 2..],
                    None => uri.find("/data/").map(|i| &uri[i + 1..]).unwrap_or(uri),
                };
                let path = root.join(relative);
                Ok(FileRef {
                    key: path.to_string_lossy().into_owned(),
                    uri: path.display().to_string(),
                })
            }
        }
    }

    /// The last `n` bytes of a file, and its size.
    pub(super) async fn tail(&self, file: &FileRef, n: u64) -> Result<(Bytes, u64)> {
        match &self.kind {
            StoreKind::S3 { ctx, region, bucket } => {
                let got =
                    crate::aws::s3::get_object(ctx, region, bucket, &file.key, Some(format!("bytes=-{n}")))
                        .await?;
                self.count_get(got.bytes.len());
                Ok((got.bytes, got.object_size))
            }
            StoreKind::Local { .. } => {
                let f = open(file)?;
                let size = f
                    .metadata()
                    .map_err(|e| Error::io(format!("reading {}", file.uri), e))?
                    .len();
                let start = size.saturating_sub(n);
                let bytes = parquet::read_range(&f, start, size - start)
                    .map_err(|e| Error::io(format!("reading {}", file.uri), e))?;
                self.count_get(bytes.len());
                Ok((bytes, size))
            }
        }
    }

    /// Bytes `[start, start + len)` of a file.
    pub(super) async fn range(&self, file: &FileRef, start: u64, len: u64) -> Result<Bytes> {
        match &self.kind {
            StoreKind::S3 { ctx, region, bucket } => {
                let range = format!("bytes={start}-{}", start + len - 1);
                let got = crate::aws::s3::get_object(ctx, region, bucket, &file.key, Some(range)).await?;
                self.count_get(got.bytes.len());
                if got.bytes.len() as u64 != len {
                    return Err(corrupt(
                        &file.uri,
                        format!("asked for {len} bytes at {start}, got {}", got.bytes.len()),
                    ));
                }
                Ok(got.bytes)
            }
            StoreKind::Local { .. } => {
                let f = open(file)?;
                let bytes = parquet::read_range(&f, start, len)
                    .map_err(|e| Error::io(format!("reading {}", file.uri), e))?;
                self.count_get(bytes.len());
                Ok(bytes)
            }
        }
    }

    pub(super) fn coalesce_gap(&self) -> u64 {
        match self.kind {
            StoreKind::S3 { .. } => S3_COALESCE_BYTES,
            StoreKind::Local { .. } => 0,
        }
    }
}

pub(super) fn open(file: &FileRef) -> Result<std::fs::File> {
    std::fs::File::open(&file.key).map_err(|e| {
        Error::io(
            format!(
                "opening {} (named by the export's manifest; download the whole export again)",
                file.uri
            ),
            e,
        )
    })
}

/// A data file that cannot be read: exit 3, naming the file.
pub(super) fn corrupt(uri: &str, detail: String) -> Error {
    AwsError {
        service: "cur",
        operation: "ReadExport",
        scope: Some(uri.to_string()),
        code: Some("CorruptFile".into()),
        detail,
        hint: Some(
            "the file is damaged or not what the manifest says; wait for the export's next refresh or \
             re-download it"
                .into(),
        ),
    }
    .into()
}
