//! Every costbrake JSON document a test reads is validated against its committed JSON Schema
//! (`docs/schemas/`, named by the document's `schema` field), so the schemas are proven on every real
//! output of the suite, not only generated. A document whose schema has no file fails too.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::Value;

type Validators = Mutex<HashMap<String, Arc<jsonschema::Validator>>>;

fn validator(id: &str) -> Arc<jsonschema::Validator> {
    static CACHE: OnceLock<Validators> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(v) = cache.get(id) {
        return Arc::clone(v);
    }
    let file = format!("{}.json", id.replace('/', "."));
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/schemas/").to_string() + &file;
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!("a document says `schema: {id}` but {path} cannot be read ({e}): run scripts/gen-schemas.sh")
    });
    let schema: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"));
    let compiled = jsonschema::draft202012::new(&schema)
        .unwrap_or_else(|e| panic!("{path} is not a valid JSON Schema: {e}"));
    let compiled = Arc::new(compiled);
    cache.insert(id.to_string(), Arc::clone(&compiled));
    compiled
}

/// Panics, naming every violation, when `value` is a costbrake document that does not match its
/// schema. Values that are not costbrake documents (no `schema` field) pass through.
#[track_caller]
pub fn validate(value: &Value) {
    let Some(id) = value.get("schema").and_then(Value::as_str) else {
        return;
    };
    if !id.starts_with("costbrake.") {
        return;
    }
    let validator = validator(id);
    let errors: Vec<String> = validator
        .iter_errors(value)
        .take(10)
        .map(|e| format!("at {}: {e}", e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the `{id}` document does not match docs/schemas/{}.json:\n{}\n(if the change is intended, run \
         scripts/gen-schemas.sh)",
        id.replace('/', "."),
        errors.join("\n")
    );
}
