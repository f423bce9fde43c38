//! Athena: start a query with bound execution parameters, poll it, page its results, stop it; and the
//! lookups `doctor` makes (workgroup, database, table). Plain data in and out: the SQL is built in
//! `report::cur::athena`, polling policy and cost accounting live there too.

use aws_sdk_athena::types::{QueryExecutionContext, QueryExecutionState, ResultConfiguration};
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::{AwsContext, sdk_error};
use crate::error::{AwsError, Result};

/// The most rows `GetQueryResults` returns a page (the API's maximum).
pub const MAX_RESULTS_PER_PAGE: i32 = 1000;

/// A query to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryRequest {
    pub sql: String,
    /// Values for the query's `?` placeholders, in order, each a SQL literal (`'2026-11'`).
    pub parameters: Vec<String>,
    pub catalog: String,
    pub database: String,
    pub workgroup: Option<String>,
    /// Where results go, unless the workgroup enforces its own.
    pub output_location: Option<String>,
}

/// Where a query execution is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

impl State {
    pub fn is_done(self) -> bool {
        matches!(self, State::Succeeded | State::Failed | State::Cancelled)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            State::Queued => "queued",
            State::Running => "running",
            State::Succeeded => "succeeded",
            State::Failed => "failed",
            State::Cancelled => "cancelled",
        }
    }
}

/// `GetQueryExecution`'s answer, the parts costbrake uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Execution {
    pub state: State,
    /// Why it failed or was cancelled (`COLUMN_NOT_FOUND: line 3:5: ...`).
    pub reason: Option<String>,
    /// Athena's error category and type, when it failed.
    pub error_type: Option<i32>,
    pub bytes_scanned: u64,
    pub engine_ms: u64,
    /// The results' S3 location.
    pub output_location: Option<String>,
}

/// One page of `GetQueryResults`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The result's column names.
    pub columns: Vec<String>,
    /// Each row's values; `None` is SQL NULL (a datum without `VarCharValue`).
    pub rows: Vec<Vec<Option<String>>>,
    pub next_token: Option<String>,
}

fn client(ctx: &AwsContext) -> Result<aws_sdk_athena::Client> {
    let region = ctx.require_region()?.to_string();
    Ok(ctx.athena(&region))
}

/// `StartQueryExecution`: the execution id.
pub async fn start(ctx: &AwsContext, request: &QueryRequest) -> Result<String> {
    let mut call = client(ctx)?
        .start_query_execution()
        .query_string(&request.sql)
        .query_execution_context(
            QueryExecutionContext::builder()
                .catalog(&request.catalog)
                .database(&request.database)
                .build(),
        )
        .set_execution_parameters((!request.parameters.is_empty()).then(|| request.parameters.clone()));
    if let Some(workgroup) = &request.workgroup {
        call = call.work_group(workgroup);
    }
    if let Some(location) = &request.output_location {
        call = call.result_configuration(ResultConfiguration::builder().output_location(location).build());
    }
    let out = call
        .send()
        .await
        .map_err(|e| sdk_error("athena", "StartQueryExecution", request.workgroup.as_deref(), e))?;
    out.query_execution_id.ok_or_else(|| {
        AwsError {
            service: "athena",
            operation: "StartQueryExecution",
            scope: request.workgroup.clone(),
            code: None,
            detail: "the response has no QueryExecutionId".into(),
            hint: Some("check that --endpoint-url points at an AWS-compatible endpoint".into()),
        }
        .into()
    })
}

/// `GetQueryExecution`.
pub async fn execution(ctx: &AwsContext, id: &str) -> Result<Execution> {
    let out = client(ctx)?
        .get_query_execution()
        .query_execution_id(id)
        .send()
        .await
        .map_err(|e| sdk_error("athena", "GetQueryExecution", Some(id), e))?;
    let exec = out.query_execution;
    let status = exec.as_ref().and_then(|e| e.status.as_ref());
    let state = match status.and_then(|s| s.state.as_ref()) {
        Some(QueryExecutionState::Queued) | None => State::Queued,
        Some(QueryExecutionState::Running) => State::Running,
        Some(QueryExecutionState::Succeeded) => State::Succeeded,
        Some(QueryExecutionState::Cancelled) => State::Cancelled,
        Some(_) => State::Failed,
    };
    let stats = exec.as_ref().and_then(|e| e.statistics.as_ref());
    Ok(Execution {
        state,
        reason: status.and_then(|s| s.state_change_reason.clone()),
        error_type: status
            .and_then(|s| s.athena_error.as_ref())
            .and_then(|e| e.error_type),
        bytes_scanned: stats.and_then(|s| s.data_scanned_in_bytes).unwrap_or(0).max(0) as u64,
        engine_ms: stats
            .and_then(|s| s.engine_execution_time_in_millis)
            .unwrap_or(0)
            .max(0) as u64,
        output_location: exec
            .as_ref()
            .and_then(|e| e.result_configuration.as_ref())
            .and_then(|r| r.output_location.clone()),
    })
}

/// `StopQueryExecution` (when the user interrupts a report: Athena bills what a query scans).
pub async fn stop(ctx: &AwsContext, id: &str) -> Result<()> {
    client(ctx)?
        .stop_query_execution()
        .query_execution_id(id)
        .send()
        .await
        .map_err(|e| sdk_error("athena", "StopQueryExecution", Some(id), e))?;
    Ok(())
}

/// One page of `GetQueryResults`, as it comes (the first page's first row is the header).
pub async fn results_page(ctx: &AwsContext, id: &str, token: Option<&str>) -> Result<Page> {
    let out = client(ctx)?
        .get_query_results()
        .query_execution_id(id)
        .max_results(MAX_RESULTS_PER_PAGE)
        .set_next_token(token.map(str::to_string))
        .send()
        .await
        .map_err(|e| sdk_error("athena", "GetQueryResults", Some(id), e))?;
    let (columns, rows) = match out.result_set {
        None => (Vec::new(), Vec::new()),
        Some(set) => (
            set.result_set_metadata
                .and_then(|m| m.column_info)
                .unwrap_or_default()
                .into_iter()
                .map(|c| c.name)
                .collect(),
            set.rows
                .unwrap_or_default()
                .into_iter()
                .map(|row| {
                    row.data
                        .unwrap_or_default()
                        .into_iter()
                        .map(|d| d.var_char_value)
                        .collect()
                })
                .collect(),
        ),
    };
    Ok(Page {
        columns,
        rows,
        next_token: out.next_token.filter(|t| !t.is_empty()),
    })
}

/// Every row of a finished query: pages followed to the end, the header row dropped. Returns the
/// column names, the rows and the number of pages read.
pub async fn results(ctx: &AwsContext, id: &str) -> Result<(Vec<String>, Vec<Vec<Option<String>>>, u32)> {
    let mut token: Option<String> = None;
    let mut columns = Vec::new();
    let mut rows = Vec::new();
    let mut pages = 0u32;
    loop {
        let page = results_page(ctx, id, token.as_deref()).await?;
        pages += 1;
        let mut page_rows = page.rows.into_iter().peekable();
        if pages == 1 {
            columns = page.columns;
            // A SELECT's first row holds the column labels: it is not data.
            if page_rows.peek().is_some_and(|first| is_header(first, &columns)) {
                page_rows.next();
            }
        }
        rows.extend(page_rows);
        match page.next_token {
            Some(next) if Some(&next) != token.as_ref() => token = Some(next),
            _ => break,
        }
    }
    Ok((columns, rows, pages))
}

fn is_header(row: &[Option<String>], columns: &[String]) -> bool {
    !columns.is_empty()
        && row.len() == columns.len()
        && row
            .iter()
            .zip(columns)
            .all(|(v, c)| v.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(c)))
}

/// A workgroup, as `doctor` and the report need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkGroup {
    pub name: String,
    pub enabled: bool,
    pub output_location: Option<String>,
    /// Athena-managed query results: no output location is needed.
    pub managed_results: bool,
    /// The workgroup's settings override the client's (its output location wins).
    pub enforced: bool,
    /// A per-query scan limit, in bytes.
    pub bytes_cutoff: Option<u64>,
}

fn not_found<E: ProvideErrorMetadata>(err: &E) -> bool {
    let code = err.code().unwrap_or_default();
    let message = err.message().unwrap_or_default().to_ascii_lowercase();
    matches!(
        code,
        "InvalidRequestException"
            | "MetadataException"
            | "EntityNotFoundException"
            | "ResourceNotFoundException"
    ) && (message.contains("not found") || message.contains("does not exist"))
}

/// `GetWorkGroup`; `None` when there is no such workgroup.
pub async fn work_group(ctx: &AwsContext, name: &str) -> Result<Option<WorkGroup>> {
    let out = match client(ctx)?.get_work_group().work_group(name).send().await {
        Ok(out) => out,
        Err(e) if e.as_service_error().is_some_and(not_found) => return Ok(None),
        Err(e) => return Err(sdk_error("athena", "GetWorkGroup", Some(name), e)),
    };
    // AWS answers an unknown workgroup with InvalidRequestException; moto with `"WorkGroup": null`.
    let Some(wg) = out.work_group else {
        return Ok(None);
    };
    let config = wg.configuration.as_ref();
    Ok(Some(WorkGroup {
        enabled: wg
            .state
            .as_ref()
            .is_none_or(|s| s.as_str().eq_ignore_ascii_case("ENABLED")),
        output_location: config
            .and_then(|c| c.result_configuration.as_ref())
            .and_then(|r| r.output_location.clone())
            .filter(|l| !l.is_empty()),
        managed_results: config
            .and_then(|c| c.managed_query_results_configuration.as_ref())
            .is_some_and(|m| m.enabled),
        enforced: config
            .and_then(|c| c.enforce_work_group_configuration)
            .unwrap_or(false),
        bytes_cutoff: config
            .and_then(|c| c.bytes_scanned_cutoff_per_query)
            .map(|b| b.max(0) as u64),
        name: wg.name,
    }))
}

/// `GetDatabase`; `false` when the catalog has no such database.
pub async fn database_exists(ctx: &AwsContext, catalog: &str, database: &str) -> Result<bool> {
    match client(ctx)?
        .get_database()
        .catalog_name(catalog)
        .database_name(database)
        .send()
        .await
    {
        Ok(_) => Ok(true),
        Err(e) if e.as_service_error().is_some_and(not_found) => Ok(false),
        Err(e) => Err(sdk_error("athena", "GetDatabase", Some(database), e)),
    }
}

/// A table's columns and partition keys (names lowercased, with their Hive types).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub columns: Vec<(String, String)>,
    pub partition_keys: Vec<(String, String)>,
    pub location: Option<String>,
}

/// `GetTableMetadata`; `None` when the database has no such table.
pub async fn table(ctx: &AwsContext, catalog: &str, database: &str, table: &str) -> Result<Option<Table>> {
    let out = match client(ctx)?
        .get_table_metadata()
        .catalog_name(catalog)
        .database_name(database)
        .table_name(table)
        .send()
        .await
    {
        Ok(out) => out,
        Err(e) if e.as_service_error().is_some_and(not_found) => return Ok(None),
        Err(e) => {
            return Err(sdk_error(
                "athena",
                "GetTableMetadata",
                Some(&format!("{database}.{table}")),
                e,
            ));
        }
    };
    let Some(meta) = out.table_metadata else {
        return Ok(None);
    };
    let columns = |cols: Option<Vec<aws_sdk_athena::types::Column>>| {
        cols.unwrap_or_default()
            .into_iter()
            .map(|c| (c.name.to_ascii_lowercase(), c.r#type.unwrap_or_default()))
            .collect()
    };
    Ok(Some(Table {
        columns: columns(meta.columns),
        partition_keys: columns(meta.partition_keys),
        location: meta.parameters.and_then(|mut p| p.remove("location")),
    }))
}

#[cfg(test)]
pub(crate) mod tests {
    //! The calls and behaviours moto does not serve: `GetQueryResults` paging (moto answers every row
    //! in one page, with no `NextToken`), `GetTableMetadata` (not implemented in moto), and a failed
    //! query's status (moto's executions only ever succeed). Shapes from the Athena API reference
    //! (`athena-2017-05-18`).

    use aws_sdk_athena::operation::get_query_results::GetQueryResultsOutput;
    use aws_sdk_athena::operation::get_table_metadata::GetTableMetadataOutput;
    use aws_sdk_athena::types::{
        Column, ColumnInfo, Datum, ResultSet, ResultSetMetadata, Row, TableMetadata,
    };
    use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, create_mock_http_client, mock};

    use super::*;

    /// A context whose Athena client answers from `rules` in order.
    pub(crate) fn mocked(rules: &[&aws_smithy_mocks::Rule]) -> AwsContext {
        let mocks = rules.iter().fold(
            MockResponseInterceptor::new().rule_mode(RuleMode::Sequential),
            |m, r| m.with_rule(r),
        );
        let config = aws_sdk_athena::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new("us-east-1"))
            .credentials_provider(aws_sdk_athena::config::Credentials::new(
                "test", "test", None, None, "test",
            ))
            .http_client(create_mock_http_client())
            .interceptor(mocks)
            .build();
        let ctx = AwsContext::for_tests();
        ctx.set_client("athena", aws_sdk_athena::Client::from_conf(config));
        ctx
    }

    fn row(values: &[Option<&str>]) -> Row {
        Row::builder()
            .set_data(Some(
                values
                    .iter()
                    .map(|v| Datum::builder().set_var_char_value(v.map(str::to_string)).build())
                    .collect(),
            ))
            .build()
    }

    fn page(rows: Vec<Row>, next: Option<&str>) -> GetQueryResultsOutput {
        let info = |name: &str| {
            ColumnInfo::builder()
                .name(name)
                .r#type("varchar")
                .build()
                .expect("column info")
        };
        GetQueryResultsOutput::builder()
            .result_set(
                ResultSet::builder()
                    .set_rows(Some(rows))
                    .result_set_metadata(
                        ResultSetMetadata::builder()
                            .column_info(info("bucket"))
                            .column_info(info("amount"))
                            .build(),
                    )
                    .build(),
            )
            .set_next_token(next.map(str::to_string))
            .build()
    }

    #[tokio::test]
    async fn results_follow_next_token_and_drop_only_the_first_pages_header() {
        let first = mock!(aws_sdk_athena::Client::get_query_results)
            .match_requests(|r| r.next_token().is_none() && r.max_results() == Some(MAX_RESULTS_PER_PAGE))
            .then_output(|| {
                page(
                    vec![
                        row(&[Some("bucket"), Some("amount")]),
                        row(&[Some("2026-11-01 00:00:00.000"), Some("1.5")]),
                    ],
                    Some("page-2"),
                )
            });
        let second = mock!(aws_sdk_athena::Client::get_query_results)
            .match_requests(|r| r.next_token() == Some("page-2"))
            .then_output(|| {
                // Later pages have no header: a first value equal to a column name is data.
                page(
                    vec![row(&[Some("bucket"), Some("amount")]), row(&[None, Some("2.25")])],
                    None,
                )
            });
        let ctx = mocked(&[&first, &second]);
        let (columns, rows, pages) = results(&ctx, "q-1").await.expect("results");
        assert_eq!(columns, ["bucket", "amount"]);
        assert_eq!(pages, 2);
        assert_eq!(
            rows,
            vec![
                vec![Some("2026-11-01 00:00:00.000".into()), Some("1.5".into())],
                vec![Some("bucket".into()), Some("amount".into())],
                vec![None, Some("2.25".into())],
            ]
        );
        assert_eq!(first.num_calls(), 1);
        assert_eq!(second.num_calls(), 1);
    }

    #[tokio::test]
    async fn a_failed_query_carries_athenas_reason() {
        let rule = mock!(aws_sdk_athena::Client::get_query_execution).then_output(|| {
            use aws_sdk_athena::types::{
                AthenaError, QueryExecution, QueryExecutionStatistics, QueryExecutionStatus,
            };
            aws_sdk_athena::operation::get_query_execution::GetQueryExecutionOutput::builder()
                .query_execution(
                    QueryExecution::builder()
                        .status(
                            QueryExecutionStatus::builder()
                                .state(QueryExecutionState::Failed)
                                .state_change_reason(
                                    "COLUMN_NOT_FOUND: line 4:3: Column 'tags' cannot be resolved",
                                )
                                .athena_error(
                                    AthenaError::builder().error_category(2).error_type(1006).build(),
                                )
                                .build(),
                        )
                        .statistics(
                            QueryExecutionStatistics::builder()
                                .data_scanned_in_bytes(0)
                                .build(),
                        )
                        .build(),
                )
                .build()
        });
        let ctx = mocked(&[&rule]);
        let exec = execution(&ctx, "q-1").await.expect("execution");
        assert_eq!(exec.state, State::Failed);
        assert!(
            exec.reason
                .as_deref()
                .is_some_and(|r| r.starts_with("COLUMN_NOT_FOUND"))
        );
        assert_eq!(exec.error_type, Some(1006));
    }

    #[tokio::test]
    async fn table_metadata_gives_columns_and_partition_keys_and_not_found_is_none() {
        let found = mock!(aws_sdk_athena::Client::get_table_metadata)
            .match_requests(|r| {
                r.catalog_name() == Some("AwsDataCatalog")
                    && r.database_name() == Some("cur")
                    && r.table_name() == Some("agents")
            })
            .then_output(|| {
                let col = |n: &str, t: &str| Column::builder().name(n).r#type(t).build().expect("column");
                GetTableMetadataOutput::builder()
                    .table_metadata(
                        TableMetadata::builder()
                            .name("agents")
                            .columns(col("Line_Item_Unblended_Cost", "double"))
                            .columns(col("resource_tags", "map<string,string>"))
                            .partition_keys(col("billing_period", "string"))
                            .parameters("location", "s3://cur-exports/cur/agents/data/")
                            .build()
                            .expect("table metadata"),
                    )
                    .build()
            });
        let missing = mock!(aws_sdk_athena::Client::get_table_metadata).then_error(|| {
            aws_sdk_athena::operation::get_table_metadata::GetTableMetadataError::MetadataException(
                aws_sdk_athena::types::error::MetadataException::builder()
                    .message("Table nope not found in database cur")
                    .meta(
                        aws_smithy_types::error::ErrorMetadata::builder()
                            .code("MetadataException")
                            .message("Table nope not found in database cur")
                            .build(),
                    )
                    .build(),
            )
        });
        let ctx = mocked(&[&found, &missing]);
        let t = table(&ctx, "AwsDataCatalog", "cur", "agents")
            .await
            .expect("table")
            .expect("found");
        assert_eq!(t.columns[0], ("line_item_unblended_cost".into(), "double".into()));
        assert_eq!(t.partition_keys, vec![("billing_period".into(), "string".into())]);
        assert_eq!(t.location.as_deref(), Some("s3://cur-exports/cur/agents/data/"));
        assert_eq!(
            table(&ctx, "AwsDataCatalog", "cur", "nope")
                .await
                .expect("answer"),
            None
        );
    }
}
