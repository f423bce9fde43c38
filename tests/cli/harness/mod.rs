//! The test harness: a moto server per test on a free 127.0.0.1 port (`moto`), a sandboxed environment
//! (fake credentials, empty HOME, no ~/.aws, private XDG dirs) to run the real `costbrake` binary in
//! (`sandbox`), `Test`, one run of it declared with the outcome it expects (`test`), and the redactions
//! that keep snapshots of real outputs stable (`snapshot`). Tests that need AWS state seed it through the
//! AWS SDK against their own server (see `fixtures`), so tests never share state and run in parallel.

mod moto;
mod sandbox;
mod schema;
mod snapshot;
mod test;

pub use moto::{Moto, free_port, recorded_assume_roles};
pub use sandbox::{Sandbox, isolated_cmd, modes};
pub use schema::validate as validate_schema;
pub use snapshot::redacted;
pub use test::Test;

/// The account moto answers for by default.
pub const ACCOUNT: &str = "123456789012";
/// The region tests use unless they say otherwise.
pub const REGION: &str = "us-east-1";
