//! End-to-end tests: the real `costbrake` binary against moto on 127.0.0.1 (see `harness`).

mod fixtures;
mod harness;

mod accounts;
mod audit;
mod budgets;
mod cli;
mod completions;
mod doctor;
mod guard;
mod kill;
mod kill_notebooks_nodegroups;
mod kill_rds;
mod kill_sfn_bedrock;
mod kill_tasks;
mod permissions;
mod policy;
mod report;
mod report_athena;
mod report_cur;
mod report_html;
mod run;
mod sandbox;
