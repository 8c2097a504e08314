//! Schema migrations, the same versions for both backends, each written in both dialects.
//! Never edit a shipped entry: append a new one.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Sqlite,
    Postgres,
}

struct Migration {
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        sqlite: "
        CREATE TABLE proof_records (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            system         TEXT    NOT NULL,
            outcome        TEXT    NOT NULL CHECK (outcome IN ('pass', 'fail')),
            recorded_at_ms INTEGER NOT NULL,
            duration_ms    INTEGER CHECK (duration_ms IS NULL OR duration_ms >= 0),
            evidence       TEXT    NOT NULL DEFAULT '',
            output_sha256  TEXT,
            source         TEXT    NOT NULL CHECK (source IN ('cli', 'api', 'demo'))
        );
        CREATE INDEX proof_records_latest ON proof_records (system, recorded_at_ms DESC, id DESC);
    ",
        postgres: "
        CREATE TABLE proof_records (
            id             BIGSERIAL PRIMARY KEY,
            system         TEXT    NOT NULL,
            outcome        TEXT    NOT NULL CHECK (outcome IN ('pass', 'fail')),
            recorded_at_ms BIGINT  NOT NULL,
            duration_ms    BIGINT  CHECK (duration_ms IS NULL OR duration_ms >= 0),
            evidence       TEXT    NOT NULL DEFAULT '',
            output_sha256  TEXT,
            source         TEXT    NOT NULL CHECK (source IN ('cli', 'api', 'demo'))
        );
        CREATE INDEX proof_records_latest ON proof_records (system, recorded_at_ms DESC, id DESC);
    ",
    },
    // A change counter bumped inside every writing transaction: commit-ordered, so a reader
    // comparing it can never miss a row committed late with a lower id (as MAX(id) could); and
    // the keys of pushes already answered, so a retried push is answered, not stored twice.
    Migration {
        sqlite: "
        CREATE TABLE store_changes (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            counter INTEGER NOT NULL
        );
        INSERT INTO store_changes (id, counter) SELECT 1, COALESCE(MAX(id), 0) FROM proof_records;
        CREATE TABLE idempotency_keys (
            key            TEXT    PRIMARY KEY,
            request_sha256 TEXT    NOT NULL,
            record_id      INTEGER NOT NULL REFERENCES proof_records (id)
        );
    ",
        postgres: "
        CREATE TABLE store_changes (
            id      INTEGER PRIMARY KEY CHECK (id = 1),
            counter BIGINT  NOT NULL
        );
        INSERT INTO store_changes (id, counter) SELECT 1, COALESCE(MAX(id), 0) FROM proof_records;
        CREATE TABLE idempotency_keys (
            key            TEXT   PRIMARY KEY,
            request_sha256 TEXT   NOT NULL,
            record_id      BIGINT NOT NULL REFERENCES proof_records (id)
        );
    ",
    },
    // Webhook subscriptions and their outbox: one row per (subscription, event), written
    // idempotently by every instance from the deterministic list of changes, claimed for
    // delivery with a lease (PostgreSQL: FOR UPDATE SKIP LOCKED), kept until delivered.
    Migration {
        sqlite: "
        CREATE TABLE webhooks (
            id                  TEXT    PRIMARY KEY,
            url                 TEXT    NOT NULL,
            secret              TEXT    NOT NULL,
            motions             TEXT    NOT NULL DEFAULT '',
            systems             TEXT    NOT NULL DEFAULT '',
            created_at_ms       INTEGER NOT NULL,
            enqueued_through_ms INTEGER NOT NULL,
            failing             INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE webhook_outbox (
            webhook         TEXT    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
            event_id        TEXT    NOT NULL,
            payload         TEXT    NOT NULL,
            created_at_ms   INTEGER NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms INTEGER NOT NULL,
            leased_until_ms INTEGER NOT NULL DEFAULT 0,
            delivered_at_ms INTEGER,
            gave_up         INTEGER NOT NULL DEFAULT 0,
            last_status     INTEGER,
            PRIMARY KEY (webhook, event_id)
        );
        CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_ms) WHERE delivered_at_ms IS NULL AND gave_up = 0;
    ",
        postgres: "
        CREATE TABLE webhooks (
            id                  TEXT    PRIMARY KEY,
            url                 TEXT    NOT NULL,
            secret              TEXT    NOT NULL,
            motions             TEXT    NOT NULL DEFAULT '',
            systems             TEXT    NOT NULL DEFAULT '',
            created_at_ms       BIGINT  NOT NULL,
            enqueued_through_ms BIGINT  NOT NULL,
            failing             BOOLEAN NOT NULL DEFAULT FALSE
        );
        CREATE TABLE webhook_outbox (
            webhook         TEXT    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
            event_id        TEXT    NOT NULL,
            payload         TEXT    NOT NULL,
            created_at_ms   BIGINT  NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms BIGINT  NOT NULL,
            leased_until_ms BIGINT  NOT NULL DEFAULT 0,
            delivered_at_ms BIGINT,
            gave_up         BOOLEAN NOT NULL DEFAULT FALSE,
            last_status     INTEGER,
            PRIMARY KEY (webhook, event_id)
        );
        CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_ms) WHERE delivered_at_ms IS NULL AND NOT gave_up;
    ",
    },
    // The inputs are part of the record: each catalog stored once by the SHA-256 of its text,
    // each input set (a catalog and the names it sees set) once by its digest, and every change
    // of the inputs in force with its instant. A proof's `known_at_ms` is when the store learned
    // of it (never before an earlier write: `known_through_ms` only grows), so a record stamped
    // in the past changes nothing that was already published. Live instances say what they run.
    Migration {
        sqlite: "
        ALTER TABLE proof_records ADD COLUMN known_at_ms INTEGER;
        ALTER TABLE store_changes ADD COLUMN known_through_ms INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE catalogs (
            sha256 TEXT PRIMARY KEY,
            toml   TEXT NOT NULL
        );
        CREATE TABLE input_sets (
            id             TEXT PRIMARY KEY,
            catalog_sha256 TEXT NOT NULL REFERENCES catalogs (sha256),
            names          TEXT NOT NULL,
            flags          TEXT NOT NULL
        );
        CREATE TABLE inputs_in_force (
            seq         INTEGER PRIMARY KEY AUTOINCREMENT,
            input_set   TEXT    NOT NULL REFERENCES input_sets (id),
            from_ms     INTEGER NOT NULL,
            recorded_by TEXT    NOT NULL
        );
        CREATE TABLE live_instances (
            instance   TEXT    PRIMARY KEY,
            input_set  TEXT    NOT NULL,
            seen_at_ms INTEGER NOT NULL
        );
    ",
        postgres: "
        ALTER TABLE proof_records ADD COLUMN known_at_ms BIGINT;
        ALTER TABLE store_changes ADD COLUMN known_through_ms BIGINT NOT NULL DEFAULT 0;
        CREATE TABLE catalogs (
            sha256 TEXT PRIMARY KEY,
            toml   TEXT NOT NULL
        );
        CREATE TABLE input_sets (
            id             TEXT PRIMARY KEY,
            catalog_sha256 TEXT NOT NULL REFERENCES catalogs (sha256),
            names          TEXT NOT NULL,
            flags          TEXT NOT NULL
        );
        CREATE TABLE inputs_in_force (
            seq         BIGSERIAL PRIMARY KEY,
            input_set   TEXT   NOT NULL REFERENCES input_sets (id),
            from_ms     BIGINT NOT NULL,
            recorded_by TEXT   NOT NULL
        );
        CREATE TABLE live_instances (
            instance   TEXT   PRIMARY KEY,
            input_set  TEXT   NOT NULL,
            seen_at_ms BIGINT NOT NULL
        );
    ",
    },
    // Webhooks delivered once and told apart: each claim carries a lease token checked when the
    // attempt is recorded (fencing: an instance whose lease ran out records nothing); each
    // attempt is logged (status, latency, cause); private targets only when the operator said so.
    Migration {
        sqlite: "
        ALTER TABLE webhook_outbox ADD COLUMN lease_token TEXT;
        ALTER TABLE webhooks ADD COLUMN allow_private INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE webhook_attempts (
            id         INTEGER PRIMARY KEY AUTOINCREMENT,
            webhook    TEXT    NOT NULL,
            event_id   TEXT    NOT NULL,
            at_ms      INTEGER NOT NULL,
            status     INTEGER,
            latency_ms INTEGER NOT NULL,
            outcome    TEXT    NOT NULL,
            error      TEXT
        );
        CREATE INDEX webhook_attempts_by_hook ON webhook_attempts (webhook, id);
    ",
        postgres: "
        ALTER TABLE webhook_outbox ADD COLUMN lease_token TEXT;
        ALTER TABLE webhooks ADD COLUMN allow_private BOOLEAN NOT NULL DEFAULT FALSE;
        CREATE TABLE webhook_attempts (
            id         BIGSERIAL PRIMARY KEY,
            webhook    TEXT    NOT NULL,
            event_id   TEXT    NOT NULL,
            at_ms      BIGINT  NOT NULL,
            status     INTEGER,
            latency_ms BIGINT  NOT NULL,
            outcome    TEXT    NOT NULL,
            error      TEXT
        );
        CREATE INDEX webhook_attempts_by_hook ON webhook_attempts (webhook, id);
    ",
    },
    // Standard Webhooks: a receiver answering 410 Gone disables its subscription until an
    // operator enables it again (`webhook enable`); no new event is sent to it meanwhile.
    Migration {
        sqlite: "ALTER TABLE webhooks ADD COLUMN disabled_at_ms INTEGER;",
        postgres: "ALTER TABLE webhooks ADD COLUMN disabled_at_ms BIGINT;",
    },
    // A subscription's events go out in order: its oldest pending delivery is found by index.
    Migration {
        sqlite: "CREATE INDEX webhook_outbox_head ON webhook_outbox (webhook, created_at_ms, event_id) WHERE delivered_at_ms IS NULL AND gave_up = 0;",
        postgres: "CREATE INDEX webhook_outbox_head ON webhook_outbox (webhook, created_at_ms, event_id) WHERE delivered_at_ms IS NULL AND NOT gave_up;",
    },
    // E-mail subscriptions (issue 22): subscribers (pending until their confirm link is
    // followed) and their outbox, each message stored once under an id every instance computes
    // the same, claimed with a lease and a fencing token like webhook deliveries.
    Migration {
        sqlite: "
        CREATE TABLE subscribers (
            id                  TEXT    PRIMARY KEY,
            address             TEXT    NOT NULL UNIQUE,
            token               TEXT    NOT NULL UNIQUE,
            motions             TEXT    NOT NULL DEFAULT '',
            created_at_ms       INTEGER NOT NULL,
            confirmed_at_ms     INTEGER,
            enqueued_through_ms INTEGER NOT NULL
        );
        CREATE TABLE mail_outbox (
            id              TEXT    PRIMARY KEY,
            subscriber      TEXT    NOT NULL,
            kind            TEXT    NOT NULL CHECK (kind IN ('confirm', 'already', 'changes')),
            subject         TEXT    NOT NULL,
            body            TEXT    NOT NULL,
            created_at_ms   INTEGER NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_ms INTEGER NOT NULL,
            leased_until_ms INTEGER NOT NULL DEFAULT 0,
            lease_token     TEXT,
            sent_at_ms      INTEGER,
            gave_up         INTEGER NOT NULL DEFAULT 0,
            last_error      TEXT
        );
        CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_ms) WHERE sent_at_ms IS NULL AND gave_up = 0;
        CREATE INDEX mail_outbox_by_subscriber ON mail_outbox (subscriber, created_at_ms);
    ",
        postgres: "
        CREATE TABLE subscribers (
            id                  TEXT    PRIMARY KEY,
            address             TEXT    NOT NULL UNIQUE,
            token               TEXT    NOT NULL UNIQUE,
            motions             TEXT    NOT NULL DEFAULT '',
            created_at_ms       BIGINT  NOT NULL,
            confirmed_at_ms     BIGINT,
            enqueued_through_ms BIGINT  NOT NULL
        );
        CREATE TABLE mail_outbox (
            id              TEXT    PRIMARY KEY,
            subscriber      TEXT    NOT NULL,
            kind            TEXT    NOT NULL CHECK (kind IN ('confirm', 'already', 'changes')),
            subject         TEXT    NOT NULL,
            body            TEXT    NOT NULL,
            created_at_ms   BIGINT  NOT NULL,
            attempts        BIGINT  NOT NULL DEFAULT 0,
            next_attempt_ms BIGINT  NOT NULL,
            leased_until_ms BIGINT  NOT NULL DEFAULT 0,
            lease_token     TEXT,
            sent_at_ms      BIGINT,
            gave_up         BOOLEAN NOT NULL DEFAULT FALSE,
            last_error      TEXT
        );
        CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_ms) WHERE sent_at_ms IS NULL AND NOT gave_up;
        CREATE INDEX mail_outbox_by_subscriber ON mail_outbox (subscriber, created_at_ms);
    ",
    },
    // The notices sent to an address, by the SHA-256 of the address, kept a day: the limit of one
    // in ten minutes and five a day holds across an unsubscribe or an erase (found by attack: a
    // one-click unsubscribe of a confirm message cleared the count and the next came at once).
    Migration {
        sqlite: "
        CREATE TABLE mail_notices (address_sha256 TEXT NOT NULL, at_ms INTEGER NOT NULL);
        CREATE INDEX mail_notices_by_address ON mail_notices (address_sha256, at_ms);
    ",
        postgres: "
        CREATE TABLE mail_notices (address_sha256 TEXT NOT NULL, at_ms BIGINT NOT NULL);
        CREATE INDEX mail_notices_by_address ON mail_notices (address_sha256, at_ms);
    ",
    },
    // When a subscriber's choices were last set: only catalog edits after it move them to
    // another id (found by attack: a save on the manage page just after a swap was undone).
    Migration {
        sqlite: "ALTER TABLE subscribers ADD COLUMN motions_set_at_ms INTEGER;",
        postgres: "ALTER TABLE subscribers ADD COLUMN motions_set_at_ms BIGINT;",
    },
];

/// The migrations after version `current`, as `(version they lead to, SQL)`.
pub(super) fn pending(dialect: Dialect, current: i64) -> impl Iterator<Item = (i64, &'static str)> {
    MIGRATIONS.iter().enumerate().filter_map(move |(index, m)| {
        let version = index as i64 + 1;
        let sql = match dialect {
            Dialect::Sqlite => m.sqlite,
            Dialect::Postgres => m.postgres,
        };
        (version > current).then_some((version, sql))
    })
}
