//! The server's integration tests, in one binary (issue 24: 28 binaries each linked leptos,
//! axum, PostgreSQL and bundled SQLite). Each module is one concern; `common` holds the shared
//! fixtures (apps in process, real server processes, the CLI).

mod common;

mod architecture;
mod attack_flood;
mod attack_instances;
mod attack_instants;
mod attack_prove;
mod attack_secrets;
mod attack_store;
mod canary;
mod cli;
mod cli_catalog;
mod cli_claims;
mod cli_claims_allow;
mod cli_claims_model;
mod cli_reports;
mod contract;
mod draft_upload;
mod durability;
mod expected;
mod hostile_input;
mod http_api;
mod http_changes;
mod http_claims;
mod http_live;
mod http_observe;
mod http_proofs;
mod idle_connections;
mod in_flight;
mod interactive;
mod mail;
mod mail_attack;
mod mail_catalog;
mod mail_dates;
mod mail_lost;
mod mail_swap;
mod openapi;
mod pages;
mod pages_answer;
mod pages_large;
mod pages_over_time;
mod push_details;
mod receipts;
mod record_inputs;
mod reload;
mod security_headers;
mod smoke;
mod smoke_reach;
mod smoke_reading;
mod store_mail;
mod store_suite;
mod trusted_proxy;
mod two_instances;
mod webhooks;
