//! The JSON Schemas of every JSON document costbrake prints, generated from the Rust types that are
//! serialised (schemars), and committed under `docs/schemas/` so that scripts can validate costbrake's
//! output or generate types from it. A document's `schema` field names its file: `costbrake.report/v1`
//! is `docs/schemas/costbrake.report.v1.json` (the `/` becomes a `.`).
//!
//! Test builds only (`#[cfg(test)]` in lib.rs, and `#[cfg_attr(test, derive(schemars::JsonSchema))]` on
//! the types): schemars is a dev-dependency and stays out of the release binary.
//!
//! A test keeps the committed files equal to what the types generate; after a change to a type, run
//! `scripts/gen-schemas.sh` (or `COSTBRAKE_WRITE_SCHEMAS=1 cargo nextest run schemas`) and commit
//! the diff.

use schemars::{JsonSchema, Schema, generate::SchemaSettings};
use serde_json::{Value, json};

/// The schema of an amount: costbrake prints every `rust_decimal::Decimal` as a decimal string, never a
/// float (`"12.3456789"`, `"-1.50"`), so that no amount loses a digit in a JSON parser.
#[derive(Debug)]
pub struct Decimal;

impl JsonSchema for Decimal {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Decimal".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^-?[0-9]+(\\.[0-9]+)?$",
            "description": "A decimal number as a string (an amount of money, a percentage, a multiple)."
        })
    }
}

/// The directory of the committed schemas, relative to the repository.
pub const DIR: &str = "docs/schemas";

/// One kind of document: its `schema` identifier, what prints it, and its schema.
#[derive(Debug, Clone)]
pub struct Document {
    /// The value of the document's `schema` field.
    pub id: &'static str,
    /// The commands that print it.
    pub printed_by: &'static str,
    pub schema: Value,
}

impl Document {
    /// The file under [`DIR`] that holds this document's schema.
    pub fn file_name(&self) -> String {
        file_name(self.id)
    }
}

/// `costbrake.report/v1` → `costbrake.report.v1.json`.
pub fn file_name(id: &str) -> String {
    format!("{}.json", id.replace('/', "."))
}

fn document<T: JsonSchema>(id: &'static str, printed_by: &'static str) -> Document {
    // What costbrake prints: a field it leaves out when empty (`skip_serializing_if`) is optional.
    let mut settings = SchemaSettings::draft2020_12();
    settings.contract = schemars::generate::Contract::Serialize;
    let generator = settings.into_generator();
    let schema: Schema = generator.into_root_schema_for::<T>();
    let mut schema = schema.to_value();
    if let Some(object) = schema.as_object_mut() {
        // The identifier and the file name say the same thing; the description says what prints it
        // (not costbrake's version, which would rewrite every file at every release).
        object.insert("$id".into(), json!(file_name(id)));
        object.insert(
            "description".into(),
            json!(format!("`{printed_by} -o json`: the `{id}` document")),
        );
        // `schema` is a `&'static str` in the types: pin it to the document's own identifier, so that a
        // document validates against its own schema only.
        if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
            properties.insert(
                "schema".into(),
                json!({ "const": id, "description": "This document's schema: docs/schemas/ + the value with `/` as `.` + `.json`." }),
            );
        }
    }
    Document {
        id,
        printed_by,
        schema,
    }
}

/// Every JSON document costbrake prints, in the order of its commands.
pub fn documents() -> Vec<Document> {
    use crate::{agent_run, audit, budgets, doctor, guard, killswitch, policy, report, sandbox};
    vec![
        document::<audit::Report>(audit::SCHEMA, "costbrake audit"),
        document::<report::Report>(report::SCHEMA, "costbrake report"),
        document::<report::runs::RunsReport>(report::RUNS_SCHEMA, "costbrake report runs"),
        document::<killswitch::plan::Plan>(killswitch::PLAN_SCHEMA, "costbrake kill plan / kill --dry-run"),
        document::<killswitch::apply::Report>(killswitch::apply::REPORT_SCHEMA, "costbrake kill / kill undo"),
        document::<killswitch::status::Status>(killswitch::STATUS_SCHEMA, "costbrake kill status"),
        document::<budgets::List>(budgets::SCHEMA_LIST, "costbrake budget list"),
        document::<budgets::Shown>(budgets::SCHEMA_SHOW, "costbrake budget show"),
        document::<budgets::Outcome>(budgets::SCHEMA_CHANGE, "costbrake budget create"),
        document::<budgets::SyncPlan>(budgets::SCHEMA_SYNC, "costbrake budget sync"),
        document::<budgets::Deleted>(budgets::SCHEMA_DELETE, "costbrake budget delete"),
        document::<budgets::Import>(budgets::SCHEMA_IMPORT, "costbrake budget import"),
        document::<guard::Report>(guard::SCHEMA, "costbrake guard"),
        document::<doctor::Report>(doctor::SCHEMA, "costbrake doctor"),
        document::<sandbox::Outcome>(sandbox::SCHEMA_CHANGE, "costbrake sandbox create / adopt"),
        document::<sandbox::List>(sandbox::SCHEMA_LIST, "costbrake sandbox list"),
        document::<sandbox::Frozen>(sandbox::SCHEMA_FREEZE, "costbrake sandbox freeze / thaw"),
        document::<sandbox::Closed>(sandbox::SCHEMA_CLOSE, "costbrake sandbox close"),
        document::<sandbox::SyncPlan>(sandbox::SCHEMA_SYNC, "costbrake sandbox sync"),
        document::<policy::Generated>(policy::SCHEMA, "costbrake policy tag-on-create"),
        document::<policy::check::Report>(policy::check::SCHEMA, "costbrake policy check"),
        document::<policy::apply::Report>(policy::apply::SCHEMA, "costbrake policy attach / detach"),
        document::<agent_run::ledger::Listing>(agent_run::ledger::LISTING_SCHEMA, "costbrake run list"),
        document::<agent_run::leftovers::Leftovers>(agent_run::leftovers::SCHEMA, "costbrake run"),
    ]
}

/// `docs/schemas/README.md`: what the files are, and which command prints each document.
pub fn index(documents: &[Document]) -> String {
    let mut out = String::from(
        "# JSON Schemas of costbrake's documents\n\n\
         Every JSON document costbrake prints carries a `schema` field; it names its schema file here: the value\n\
         with `/` as `.` plus `.json` (`costbrake.report/v1` is `costbrake.report.v1.json`). The files are JSON\n\
         Schema draft 2020-12, generated from the Rust types that print the documents (`src/schemas.rs`,\n\
         `scripts/gen-schemas.sh`), so they describe exactly what is printed: fields costbrake leaves out when\n\
         empty are optional, amounts are decimal strings (never floats), and the `schema` field is pinned to its\n\
         own identifier. Within a version, fields are only added, so validation does not forbid unknown fields.\n\n\
         ```sh\n\
         costbrake report -o json > report.json\n\
         python3 -m pip install check-jsonschema\n\
         check-jsonschema --schemafile docs/schemas/costbrake.report.v1.json report.json\n\
         ```\n\n\
         | file | `schema` | printed by |\n|---|---|---|\n",
    );
    let mut sorted: Vec<&Document> = documents.iter().collect();
    sorted.sort_by_key(|d| d.file_name());
    for d in sorted {
        out.push_str(&format!(
            "| [`{file}`]({file}) | `{}` | `{}` |\n",
            d.id,
            d.printed_by,
            file = d.file_name()
        ));
    }
    out
}

/// A schema file's text: pretty JSON with a final newline, as committed.
pub fn render(document: &Document) -> String {
    let mut text = serde_json::to_string_pretty(&document.schema).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// The committed files are what the types generate: a field changed without regenerating fails
    /// here. `COSTBRAKE_WRITE_SCHEMAS=1` rewrites them (and removes files no document has any more).
    #[test]
    fn committed_schemas_are_what_the_types_generate() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR);
        let write = std::env::var_os("COSTBRAKE_WRITE_SCHEMAS").is_some();
        let documents = documents();
        let mut stale = Vec::new();
        for document in &documents {
            let path = dir.join(document.file_name());
            let want = render(document);
            if write {
                std::fs::create_dir_all(&dir).expect("create docs/schemas");
                std::fs::write(&path, &want).expect("write schema");
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(want.as_str()) {
                stale.push(document.file_name());
            }
        }
        let readme = dir.join("README.md");
        if write {
            std::fs::write(&readme, index(&documents)).expect("write the index");
        } else if std::fs::read_to_string(&readme).ok() != Some(index(&documents)) {
            stale.push("README.md".into());
        }
        let expected: BTreeSet<String> = documents.iter().map(Document::file_name).collect();
        let present: BTreeSet<String> = std::fs::read_dir(&dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".json"))
                    .collect()
            })
            .unwrap_or_default();
        for extra in present.difference(&expected) {
            if write {
                std::fs::remove_file(dir.join(extra)).expect("remove a stale schema");
            } else {
                stale.push(format!("{extra} (no document has this schema any more)"));
            }
        }
        assert!(
            stale.is_empty(),
            "docs/schemas/ is stale: {}; run scripts/gen-schemas.sh and commit the result",
            stale.join(", ")
        );
    }

    #[test]
    fn every_document_has_a_distinct_identifier_and_pins_its_schema_field() {
        let documents = documents();
        let ids: BTreeSet<&str> = documents.iter().map(|d| d.id).collect();
        assert_eq!(ids.len(), documents.len(), "two documents share an identifier");
        for document in &documents {
            assert_eq!(
                document.schema["properties"]["schema"]["const"], document.id,
                "{}",
                document.id
            );
            assert!(
                document.schema["required"]
                    .as_array()
                    .is_some_and(|r| r.iter().any(|f| f == "schema")),
                "{} does not require its schema field",
                document.id
            );
            assert_eq!(document.schema["$id"], document.file_name());
        }
        assert_eq!(
            file_name("costbrake.report.runs/v1"),
            "costbrake.report.runs.v1.json"
        );
    }
}
