//! Attacks on the operator commands' honesty: proving a system that cannot be proven, proof
//! commands with placeholders, typos and bad syntax (not failed proofs: nothing is stored),
//! output floods, background processes holding the pipes, `setsid` escapes from the timeout,
//! terminal escapes in evidence, and a key file left readable by `keygen --force`.

use crate::common;
use crate::common::{text, CliFixture};
use serde_json::Value;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn system(id: &str, command: &str) -> String {
    format!(
        "[[system]]\nid = \"{id}\"\nname = \"{id}\"\narea = \"A\"\nowner = \"O\"\nfallback = true\n\
         if_missing = \"x\"\nproof_command = '''{command}'''\nproof_evidence = \"e\"\n\
         [[system.group]]\nname = \"g\"\nkind = \"runtime\"\nvars = [\"API_KEY\"]\n"
    )
}

/// A catalog of `systems` (id, proof command) and `ops.env` holding `env` (`{dir}`: the
/// fixture's folder), which every command reads.
fn fixture(systems: &[(&str, &str)], env: &str) -> CliFixture {
    let mut catalog =
        "[page]\ntitle = \"t\"\nheadline = \"h\"\nintro = \"i\"\nmotions_intro = \"m\"\n"
            .to_owned();
    for (id, command) in systems {
        catalog.push_str(&system(id, command));
    }
    let fixture = CliFixture::with_catalog_text(&catalog, &[]);
    let env = env.replace("{dir}", &fixture.dir.path().display().to_string());
    std::fs::write(fixture.path("ops.env"), env).unwrap();
    fixture.with_env_file("ops.env")
}

#[test]
fn a_system_without_a_proof_command_cannot_be_proven_by_any_path() {
    let f = fixture(&[("noproof", ""), ("ok", "true")], "API_KEY=k\n");
    let refused = f.cmd(&["prove", "--system", "noproof"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        text(&refused).contains("no proof command"),
        "{}",
        text(&refused)
    );
    let added = f
        .cmd(&[
            "proof",
            "add",
            "--system",
            "noproof",
            "--outcome",
            "pass",
            "--evidence",
            "trust me",
        ])
        .output()
        .unwrap();
    assert_eq!(added.status.code(), Some(2), "{}", text(&added));
    assert_eq!(f.stored(), 0, "nothing was stored");
    let all = f.cmd(&["prove", "--json"]).output().unwrap();
    assert_eq!(all.status.code(), Some(0), "{}", text(&all));
    assert!(text(&all).contains("skipped noproof"), "{}", text(&all));
    let results: Value = serde_json::from_slice(&all.stdout).unwrap();
    assert_eq!(results.as_array().unwrap().len(), 1, "only `ok` ran");
}

#[test]
fn a_placeholder_takes_its_value_from_the_env_file_or_nothing_runs() {
    let command =
        r#"API_KEY=<api-key> sh -c 'test -n "$API_KEY" && echo "key of ${#API_KEY} chars"'"#;
    let f = fixture(&[("keyed", command)], "API_KEY=s3cret-value\n");
    let ran = f
        .cmd(&["prove", "--system", "keyed", "--json"])
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(0), "{}", text(&ran));
    assert!(text(&ran).contains("key of 12 chars"), "{}", text(&ran));
    assert!(!text(&ran).contains("s3cret-value"));

    let without = fixture(&[("keyed", command)], "OTHER=1\n");
    let refused = without
        .cmd(&["prove", "--system", "keyed"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{}", text(&refused));
    assert!(
        text(&refused).contains("missing API_KEY"),
        "{}",
        text(&refused)
    );
    assert_eq!(without.stored(), 0);
}

#[test]
fn a_command_that_could_not_run_is_an_error_and_stores_nothing() {
    for command in ["definitely-not-a-command-7f3a --check", "if then fi ("] {
        let f = fixture(&[("broken", command)], "API_KEY=k\n");
        let output = f
            .cmd(&["prove", "--system", "broken", "--json"])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{command}: {}",
            text(&output)
        );
        assert_eq!(f.stored(), 0, "{command}: a typo never flips a status");
    }
}

#[test]
fn an_output_flood_is_kept_to_its_head_and_tail() {
    let flood = "head -c 10000000 /dev/zero | tr '\\0' 'x' | fold -w 100";
    let f = fixture(&[("flood", flood)], "API_KEY=k\n");
    let output = f
        .cmd(&["prove", "--system", "flood", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    // fold writes a line break between lines of 100, none after the last.
    assert_eq!(results[0]["output_bytes"], 10_000_000 + 99_999);
    let excerpt = results[0]["excerpt"].as_str().unwrap();
    assert!(excerpt.len() < 16 * 1024, "{} bytes kept", excerpt.len());
    assert!(excerpt.contains("lines left out"));
}

#[test]
fn a_background_process_holding_the_pipe_does_not_turn_a_pass_into_a_timeout() {
    let f = fixture(&[("daemon", "sleep 60 & echo started")], "API_KEY=k\n");
    let started = Instant::now();
    let output = f
        .cmd(&["prove", "--system", "daemon", "--timeout", "50s", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results[0]["outcome"], "pass");
    assert_eq!(results[0]["timed_out"], false);
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "it waited for the background sleep"
    );
}

#[test]
fn the_timeout_kills_a_grandchild_that_left_the_process_group() {
    let escape = r#"setsid sh -c 'echo $$ > "$PIDFILE"; exec sleep 300' & sleep 300"#;
    let f = fixture(
        &[("escape", escape)],
        "API_KEY=k\nPIDFILE={dir}/grandchild.pid\n",
    );
    let output = f
        .cmd(&["prove", "--system", "escape", "--timeout", "2s", "--json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let pid = std::fs::read_to_string(f.path("grandchild.pid")).unwrap();
    let proc_dir = PathBuf::from(format!("/proc/{}", pid.trim()));
    let started = Instant::now();
    while proc_dir.exists() && !is_zombie(&proc_dir) {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "the setsid grandchild {} survived the timeout",
            pid.trim()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn is_zombie(proc_dir: &std::path::Path) -> bool {
    std::fs::read_to_string(proc_dir.join("stat"))
        .map(|stat| {
            stat.rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
        .unwrap_or(true)
}

#[test]
fn terminal_escapes_in_evidence_never_reach_the_terminal() {
    let f = fixture(&[("ok", "true")], "API_KEY=k\n");
    let evidence = "ran \u{1b}[2J\u{1b}]0;pwned\u{7}fine\u{9b}31m\u{202e}desrever\u{2066}";
    let added = f
        .cmd(&[
            "proof",
            "add",
            "--system",
            "ok",
            "--outcome",
            "fail",
            "--evidence",
            evidence,
        ])
        .output()
        .unwrap();
    assert_eq!(added.status.code(), Some(0), "{}", text(&added));
    for args in [&["proof", "list"][..], &["proof", "list", "--full"][..]] {
        let listed = f.cmd(args).output().unwrap();
        let shown = String::from_utf8_lossy(&listed.stdout);
        assert!(shown.contains("fine"), "{shown}");
        assert!(
            !shown
                .chars()
                .any(|c| (c.is_control() && c != '\n' && c != '\t')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
            "{args:?} printed a control character: {shown:?}"
        );
    }
}

#[test]
fn keygen_force_leaves_the_secret_key_at_mode_600() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("launch.key");
    std::fs::write(&key, "old").unwrap();
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = common::vendor_readiness()
        .args(["keygen", "--force", "--out"])
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output));
    let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

/// A strict bundle once passed silently on a catalog with no paid motion: it held nothing.
#[test]
fn a_strict_bundle_with_nothing_to_hold_is_refused() {
    let f = fixture(&[("ok", "true")], "API_KEY=k\n");
    let out = f.path("bundle.json");
    let strict = f
        .cmd(&["bundle", "--strict", "--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(2), "{}", text(&strict));
    assert!(
        text(&strict).contains("no motion is marked paid; strict has nothing to hold"),
        "{}",
        text(&strict)
    );
    assert!(!out.exists(), "no bundle was written");
    let unknown = f
        .cmd(&[
            "bundle",
            "--strict",
            "--motion",
            "nope",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown));
}

#[test]
fn a_mistyped_id_lists_the_valid_ones_and_suggests_the_closest() {
    let f = fixture(
        &[("stripe-billing", "true"), ("core-runtime", "true")],
        "API_KEY=k\n",
    );
    for args in [
        &["prove", "--system", "stripe-biling"][..],
        &["proof", "list", "--system", "stripe-biling"][..],
        &[
            "proof",
            "add",
            "--system",
            "stripe-biling",
            "--outcome",
            "fail",
            "--evidence",
            "e",
        ][..],
    ] {
        let output = f.cmd(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}: {}", text(&output));
        let shown = text(&output);
        assert!(
            shown.contains("did you mean \"stripe-billing\"?"),
            "{args:?}: {shown}"
        );
        assert!(
            shown.contains("valid: stripe-billing, core-runtime"),
            "{args:?}: {shown}"
        );
    }
}

/// `vendor-readiness --addr …` without `serve` once failed although "no arguments serves".
#[test]
fn flags_without_a_command_serve_the_embedded_default_there() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let mut server = std::process::Command::new(assert_cmd::cargo::cargo_bin("vendor-readiness"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(dir.path().join("board.db"))
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .env_remove("VENDOR_READINESS_ENV_FILE")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}/api/vendor-readiness");
    let started = Instant::now();
    let board: Value = loop {
        if let Ok(response) = ureq::get(&url).call() {
            break response.into_json().unwrap();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "it did not serve"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(
        board["demo_data"], true,
        "the embedded default's demo proofs"
    );
    assert_eq!(board["summary"]["systems"], 7);
}

/// `smoke` against an unreachable board once printed "ok" for checks it never ran.
#[test]
fn smoke_never_says_ok_for_a_check_it_did_not_run() {
    let f = fixture(&[("ok", "true")], "API_KEY=k\n");
    let output = f
        .cmd(&["smoke", "--url", "http://127.0.0.1:9"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(!shown.contains("ok  "), "{shown}");
    assert!(
        shown.contains("skip  every catalog system and motion is in page and JSON (not run:"),
        "{shown}"
    );
    assert!(
        shown.contains("skip  no secret-looking value in page or JSON"),
        "{shown}"
    );
    let no_scheme = f.cmd(&["smoke", "--url", "127.0.0.1:9"]).output().unwrap();
    assert_eq!(no_scheme.status.code(), Some(2), "{}", text(&no_scheme));
    assert!(text(&no_scheme).contains("starting with http:// or https://"));
}

/// Preflight once called an empty variable both "missing" and "malformed", said nothing of a
/// flag set to another value, and did not name the systems that failed.
#[test]
fn preflight_says_missing_empty_or_different_and_names_the_failing_systems() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = "[page]\ntitle = \"t\"\nheadline = \"h\"\nintro = \"i\"\nmotions_intro = \"m\"\n\
        [[system]]\nid = \"pay\"\nname = \"Pay\"\narea = \"A\"\nowner = \"O\"\nif_missing = \"x\"\n\
        proof_command = \"true\"\nproof_evidence = \"e\"\n[[system.group]]\nname = \"g\"\n\
        kind = \"runtime\"\nvars = [\"STRIPE_SECRET_KEY\", \"PAY_MODE=live\", \"STRIPE_PRICE_ID\"]\n";
    std::fs::write(dir.path().join("c.toml"), catalog).unwrap();
    std::fs::write(
        dir.path().join("e.env"),
        "STRIPE_SECRET_KEY=\nPAY_MODE=test-secret-mode\n",
    )
    .unwrap();
    let output = common::vendor_readiness()
        .args(["preflight", "--catalog"])
        .arg(dir.path().join("c.toml"))
        .arg("--env-file")
        .arg(dir.path().join("e.env"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let shown = text(&output);
    assert_eq!(output.status.code(), Some(1), "{shown}");
    assert!(shown.contains("missing: STRIPE_PRICE_ID"), "{shown}");
    assert!(shown.contains("empty: STRIPE_SECRET_KEY"), "{shown}");
    assert!(
        shown.contains("set to a different value: PAY_MODE"),
        "{shown}"
    );
    assert!(
        !shown.contains("does not look like"),
        "an empty value is not also malformed: {shown}"
    );
    assert!(!shown.contains("test-secret-mode"), "{shown}");
    assert!(
        shown.contains("Preflight failed: pay has no manual fallback and lacks runtime variables."),
        "{shown}"
    );
}

/// A typo hidden by a pipe (exit 0), a missing script or a missing folder once stored a pass
/// or a fail: the shell said it could not run what was named, so nothing is stored.
#[test]
fn a_typo_masked_by_a_pipe_is_still_an_error() {
    for command in [
        "npmm-typo7f3a run check:readiness 2>&1 | tee /dev/null",
        "cd /no/such/folder-7f3a && true",
        "sh ./no-such-script-7f3a.sh",
    ] {
        let f = fixture(&[("typo", command)], "API_KEY=k\n");
        let output = f
            .cmd(&["prove", "--system", "typo", "--json"])
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{command}: {}",
            text(&output)
        );
        assert!(
            text(&output).contains("could not run"),
            "{command}: {}",
            text(&output)
        );
        assert_eq!(f.stored(), 0, "{command}");
    }
}

/// Found by attack: output cut off by `| head` made the CLI panic (and exit 1, "check failed").
#[test]
fn output_cut_off_by_a_closed_pipe_ends_quietly() {
    use std::io::Read;
    let f = fixture(&[("ok", "true")], "API_KEY=k\n");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("vendor-readiness"))
        .args(["status", "--json", "--catalog"])
        .arg(f.path("catalog.toml"))
        .arg("--db")
        .arg(f.path("proofs.db"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(
        status.code(),
        Some(1),
        "a cut-off pipe is not a failed check"
    );
}

/// Found by attack: `keygen` wrote the secret key through a dangling symbolic link.
#[test]
fn keygen_never_writes_through_a_symbolic_link() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("k.key");
    std::os::unix::fs::symlink(dir.path().join("target"), &key).unwrap();
    let output = common::vendor_readiness()
        .args(["keygen", "--out"])
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(
        !dir.path().join("target").exists(),
        "nothing written through the link"
    );
}

/// Found by attack: a query or fragment in the base URL made smoke check other pages and let
/// `prove --push` check its token against `/`.
#[test]
fn base_urls_with_a_query_or_fragment_or_credentials_are_refused_or_masked() {
    let f = fixture(&[("ok", "true")], "API_KEY=k\n");
    for url in ["http://127.0.0.1:9?x=", "http://127.0.0.1:9/#x"] {
        let smoke = f.cmd(&["smoke", "--url", url]).output().unwrap();
        assert_eq!(smoke.status.code(), Some(2), "{url}: {}", text(&smoke));
        let push = f
            .cmd(&["prove", "--push", url, "--token", "t"])
            .output()
            .unwrap();
        assert_eq!(push.status.code(), Some(2), "{url}: {}", text(&push));
        assert!(!text(&push).contains("running proof command"));
    }
    let smoke = f
        .cmd(&[
            "smoke",
            "--url",
            "http://ops:smoke-canary@127.0.0.1:9",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(!text(&smoke).contains("smoke-canary"), "{}", text(&smoke));
}

/// Found by review: a command that closed its output and kept running escaped the timeout.
#[test]
fn a_command_that_closes_its_output_still_ends_at_the_timeout() {
    let f = fixture(
        &[("silent", "exec >/dev/null 2>&1; sleep 300")],
        "API_KEY=k\n",
    );
    let started = Instant::now();
    let output = f
        .cmd(&["prove", "--system", "silent", "--timeout", "2s", "--json"])
        .output()
        .unwrap();
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "it waited past the timeout"
    );
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let results: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results[0]["timed_out"], true);
}

/// Issue 26, point 4: a proof command reads the environment `prove` inherited (through
/// /proc/$PPID/environ) and prints it: none of the operator's values may be printed, stored or
/// put in the JSON, in any form.
#[test]
fn inherited_secrets_read_through_proc_are_redacted_everywhere() {
    let f = fixture(
        &[("leaky", "tr '\\0' '\\n' </proc/$PPID/environ; echo; printf %s \"$(tr '\\0' '\\n' </proc/$PPID/environ | base64 -w0)\"")],
        "API_KEY=env-file-value-1\n",
    );
    let token = "ghp_operatorToken0123456789abcdef";
    let password = "pg-Pa55word-of-the-operator";
    let locale = "lcsecretvalue99";
    let output = f
        .cmd(&["prove", "--system", "leaky", "--json"])
        .env("GITHUB_TOKEN", token)
        .env("PGPASSWORD", password)
        .env("LC_SECRET", locale)
        .env("EDITOR", "vim-secret-editor55")
        .output()
        .unwrap();
    let printed = format!(
        "{}{}",
        text(&output),
        String::from_utf8_lossy(&output.stdout)
    );
    assert!(
        printed.contains("GITHUB_TOKEN="),
        "the command did read the environment: {printed}"
    );
    let listed = f
        .cmd(&["proof", "list", "--json", "--full"])
        .output()
        .unwrap();
    let stored = String::from_utf8_lossy(&listed.stdout).into_owned();
    use base64::Engine;
    for secret in [token, password, locale, "vim-secret-editor55"] {
        let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
        for place in [&printed, &stored] {
            assert!(!place.contains(secret), "{secret} leaked: {place}");
            assert!(!place.contains(&encoded), "{secret} leaked encoded");
        }
    }
}

/// Issue 26, point 4: a link planted where the bundle's temporary file used to go (`X.tmp`) is
/// never followed, and an existing bundle is replaced only with --force.
#[test]
fn bundle_never_writes_through_a_planted_link_nor_over_a_bundle() {
    let f = fixture(&[("api", "true")], "API_KEY=k-value-123\n");
    let victim = f.path("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    let out = f.path("launch-bundle.json");
    std::os::unix::fs::symlink(&victim, f.path("launch-bundle.json.tmp")).unwrap();
    let bundle = |extra: &[&str]| {
        let mut args = vec!["bundle", "--out", out.to_str().unwrap()];
        args.extend_from_slice(extra);
        f.cmd(&args).output().unwrap()
    };
    let first = bundle(&[]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    let again = bundle(&[]);
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("--force"), "{}", text(&again));
    assert_eq!(bundle(&["--force"]).status.code(), Some(0));
    // A link at the destination is replaced, its target untouched.
    std::fs::remove_file(&out).unwrap();
    std::os::unix::fs::symlink(&victim, &out).unwrap();
    assert_eq!(bundle(&["--force"]).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
}

/// Issue 26, point 4: `catalog init` writes nothing that exists, never through a link.
#[test]
fn catalog_init_never_truncates_an_existing_schema() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.json");
    std::fs::write(&victim, "{\"keep\": true}").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join("vendor-catalog.schema.json")).unwrap();
    let output = common::vendor_readiness()
        .args(["catalog", "init"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "{\"keep\": true}"
    );
    assert!(
        !dir.path().join("vendor-catalog.toml").exists(),
        "nothing written"
    );
}
