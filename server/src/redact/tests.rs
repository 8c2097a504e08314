//! The redactor against every form a secret value takes: raw, encoded, wrapped, quoted.

use super::*;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};

fn redactor(pairs: &[(&str, &str)]) -> Redactor {
    Redactor::new(pairs.iter().copied(), &HashSet::new())
}

const SECRET: &str = "sk_live_Zq9+/x=é";

fn assert_gone(r: &Redactor, text: &str) -> String {
    let out = r.redact(text);
    assert!(
        out.contains("[REDACTED:KEY]"),
        "no marker in {out:?} (from {text:?})"
    );
    for probe in ["Zq9", "live_", "%2F", "5a7139"] {
        assert!(
            !out.contains(probe),
            "{probe:?} left in {out:?} (from {text:?})"
        );
    }
    out
}

#[test]
fn value_inside_longer_output() {
    let r = redactor(&[("KEY", "sk_live_abc123")]);
    assert_eq!(
        r.redact("token=sk_live_abc123;next"),
        "token=[REDACTED:KEY];next"
    );
}

#[test]
fn repeated_values_and_line_edges() {
    let r = redactor(&[("KEY", "s3cr3t")]);
    assert_eq!(
        r.redact("s3cr3t\nmid s3cr3t mid\ns3cr3t"),
        "[REDACTED:KEY]\nmid [REDACTED:KEY] mid\n[REDACTED:KEY]"
    );
}

#[test]
fn longer_value_first_so_no_suffix_leaks() {
    let r = redactor(&[("SHORT", "abc"), ("LONG", "abcdef")]);
    assert_eq!(r.redact("abcdef abc"), "[REDACTED:LONG] [REDACTED:SHORT]");
}

#[test]
fn overlapping_values_leave_nothing_of_either() {
    let r = redactor(&[("A", "abcd"), ("B", "cdef")]);
    assert_eq!(r.redact("x abcdef y"), "x [REDACTED:A+B] y");
}

#[test]
fn a_one_character_value_never_mangles_the_markers() {
    let r = redactor(&[("ONE", "R"), ("KEY", "s3cr3t")]);
    assert_eq!(
        r.redact("R s3cr3t R"),
        "[REDACTED:ONE] [REDACTED:KEY] [REDACTED:ONE]"
    );
}

#[test]
fn public_flag_values_stay() {
    let public: HashSet<(String, String)> = [("FLAG".to_owned(), "true".to_owned())].into();
    let r = Redactor::new([("FLAG", "true"), ("KEY", "xyz")], &public);
    assert_eq!(
        r.redact("approved=true key=xyz"),
        "approved=true key=[REDACTED:KEY]"
    );
}

#[test]
fn empty_values_are_ignored_and_unicode_is_safe() {
    let r = redactor(&[("EMPTY", ""), ("K", "é✓")]);
    assert_eq!(r.redact("a é✓ b"), "a [REDACTED:K] b");
}

#[test]
fn base64_and_base64url_with_and_without_padding() {
    let r = redactor(&[("KEY", SECRET)]);
    let std = STANDARD.encode(SECRET);
    assert_gone(&r, &format!("b64={std}"));
    assert_gone(&r, &format!("b64={}", std.trim_end_matches('=')));
    assert_gone(&r, &format!("url={}", URL_SAFE_NO_PAD.encode(SECRET)));
}

#[test]
fn base64_inside_a_larger_blob_at_every_alignment() {
    let r = redactor(&[("KEY", "hunter2-password")]);
    for prefix in ["", "a", "ab", "abc"] {
        let blob = STANDARD.encode(format!("{prefix}hunter2-password and more"));
        let out = r.redact(&format!("blob: {blob}"));
        assert!(out.contains("[REDACTED:KEY]"), "prefix {prefix:?}: {out}");
    }
}

#[test]
fn basic_authorization_header() {
    let r = redactor(&[("KEY", "hunter2-password")]);
    let header = format!(
        "Authorization: Basic {}",
        STANDARD.encode("admin:hunter2-password")
    );
    let out = r.redact(&header);
    assert_eq!(out, "Authorization: Basic [REDACTED:KEY]");
}

#[test]
fn url_encoding_in_either_case_and_form_encoding() {
    let r = redactor(&[("KEY", "p@ss word/+x")]);
    for text in [
        "q=p%40ss%20word%2F%2Bx",
        "q=p%40ss%20word%2f%2bx",
        "q=p%40ss+word%2F%2Bx",
    ] {
        let out = r.redact(text);
        assert_eq!(out, "q=[REDACTED:KEY]", "{text}");
    }
}

#[test]
fn hex_in_either_case() {
    let r = redactor(&[("KEY", SECRET)]);
    let hex = hex::encode(SECRET);
    assert_gone(&r, &format!("hex {hex}"));
    assert_gone(&r, &format!("hex {}", hex.to_uppercase()));
}

#[test]
fn json_escaped_forms() {
    let r = redactor(&[("KEY", "a\"b\\c/é-secret")]);
    for text in [
        r#"{"k":"a\"b\\c/é-secret"}"#,
        r#"{"k":"a\"b\\c\/é-secret"}"#,
        r#"{"k":"a\"b\\c/\u00e9-secret"}"#,
    ] {
        let out = r.redact(text);
        assert_eq!(out, r#"{"k":"[REDACTED:KEY]"}"#, "{text}");
    }
}

#[test]
fn a_value_wrapped_over_lines() {
    let r = redactor(&[("KEY", SECRET)]);
    let b64 = STANDARD.encode(SECRET.repeat(3));
    let wrapped: Vec<String> = b64
        .as_bytes()
        .chunks(7)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    assert_gone(&r, &wrapped.join("\n"));
    assert_gone(&r, "sk_live_\r\nZq9+/x=é");
}

/// Found by attack (issue 21, shape 4 round): `x` redacted inside words mangled the evidence
/// ("Fi[REDACTED]ture output") and the gaps told the value.
#[test]
fn a_short_value_is_redacted_only_as_a_word_of_its_own() {
    let r = redactor(&[("FLAG", "x"), ("PIN", "ab")]);
    assert_eq!(
        r.redact("Fixture output x exact (x) tabs=ab"),
        "Fixture output [REDACTED:FLAG] exact ([REDACTED:FLAG]) tabs=[REDACTED:PIN]"
    );
    assert_eq!(r.redact("x"), "[REDACTED:FLAG]");
    // Lines are words' edges too (found by attack: folded lines glued `x` to its neighbours).
    assert_eq!(
        r.redact("a\nx b\nline1\nab\nb\r\nx"),
        "a\n[REDACTED:FLAG] b\nline1\n[REDACTED:PIN]\nb\r\n[REDACTED:FLAG]"
    );
}

#[test]
fn short_values_are_only_redacted_raw() {
    let r = redactor(&[("PIN", "ab")]);
    assert_eq!(r.redact("ab 6162 YWI="), "[REDACTED:PIN] 6162 YWI=");
}

#[test]
fn urls_never_show_credentials() {
    assert_eq!(
        mask_url("postgres://board:s3cret@db.internal:5432/r?sslmode=require&password=pw2"),
        "postgres://board:***@db.internal:5432/r?sslmode=require&password=***"
    );
    assert_eq!(
        mask_url("https://ops:tok@board.example.com/api"),
        "https://***@board.example.com/api"
    );
    assert_eq!(
        mask_url("http://SECRETTOK2:@127.0.0.1:47301"),
        "http://***@127.0.0.1:47301"
    );
    assert_eq!(mask_url("postgresql://db/r"), "postgresql://db/r");
    // A token as a web URL's user (found by attack on smoke): masked; a database user is not.
    assert_eq!(
        mask_url("http://tok_SECRET123456@127.0.0.1:47251/x"),
        "http://***@127.0.0.1:47251/x"
    );
    assert_eq!(
        mask_url("postgres://board@db.internal/r"),
        "postgres://board@db.internal/r"
    );
    assert_eq!(
        mask_url("postgres://db/r?password=SECRET&x=a@b"),
        "postgres://db/r?password=***&x=a@b"
    );
    for password in ["pa/ss1", "pa?ss2", "pa#ss3"] {
        let masked = mask_url(&format!(
            "postgres://postgres:{password}@127.0.0.1:5432/postgres"
        ));
        assert_eq!(
            masked, "postgres://postgres:***@127.0.0.1:5432/postgres",
            "{password}"
        );
    }
}

#[test]
fn wrapped_base64_after_other_lines() {
    let key = "k3y/with+odd\"chars=and-more-0123456789";
    let r = redactor(&[("API_KEY", key)]);
    let b64 = STANDARD.encode(key.repeat(3));
    let wrapped: Vec<String> = b64
        .as_bytes()
        .chunks(20)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let text = format!(
        "PWD=/x\nBasic {}\n{}\nnext\n",
        STANDARD.encode(format!("ops:{key}")),
        wrapped.join("\n")
    );
    let out = r.redact(&text);
    assert!(!out.contains(&b64[20..40]), "{out}");
}

#[test]
fn a_value_spanning_lines_such_as_a_pem_key() {
    let pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANCanaryLine1\n-----END PRIVATE KEY-----";
    let r = redactor(&[("CLIENT_KEY", pem)]);
    let out = r.redact(&format!("key:\n{pem}\ndone\n"));
    assert!(!out.contains("CanaryLine1"), "{out}");
    assert!(out.contains("[REDACTED:CLIENT_KEY]"), "{out}");
    let escaped = r.redact(&serde_json::to_string(pem).unwrap());
    assert!(!escaped.contains("CanaryLine1"), "{escaped}");
}

#[test]
fn forms_found_by_attack() {
    let value = "k3y/with+odd$chars=and&more<0123~ab*c";
    let r = redactor(&[("KEY", value)]);
    let upper = value.to_uppercase();
    let python_quote = "k3y/with%2Bodd%24chars%3Dand%26more%3C0123~ab%2Ac";
    let html = "k3y/with+odd$chars=and&amp;more&lt;0123~ab*c";
    let go_json = "k3y/with+odd$chars=and\\u0026more\\u003c0123~ab*c";
    let shell_q = "k3y/with+odd\\$chars\\=and\\&more\\<0123\\~ab\\*c";
    let declare = "k3y/with+odd\\$chars=and&more<0123~ab*c";
    let spaced_hex = hex::encode(value)
        .as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ");
    let b64 = STANDARD.encode(value);
    let indented = format!("key: |\n  {}\n  {}\n", &b64[..20], &b64[20..]);
    for text in [
        upper.as_str(),
        python_quote,
        html,
        go_json,
        shell_q,
        declare,
        spaced_hex.as_str(),
        indented.as_str(),
    ] {
        let out = r.redact(text);
        assert!(
            out.contains("[REDACTED:KEY]"),
            "not redacted: {text}\n{out}"
        );
        assert!(!out.contains("0123"), "left a part: {text}\n{out}");
    }
}

#[test]
fn a_value_with_escaped_line_breaks_printed_interpreted() {
    let r = redactor(&[("KEY", "first-part\\nsecond-part")]);
    let out = r.redact("first-part\nsecond-part\n");
    assert!(out.starts_with("[REDACTED:KEY]"), "{out}");
}

/// Found by attack (issue 22, receipts): evidence redacted again (a receipt, the bundle, `proof
/// list --full`) had values found inside the markers the first pass wrote: with a value `ab`,
/// `[REDACTED:DATABASE_URL]` became `[REDACTED:DAT[REDACTED:P]ASE_URL]`, so the record changed
/// after the fact and the marker gave the short value away. Markers are left as they are.
#[test]
fn redacting_again_leaves_the_markers_written_before() {
    let first = redactor(&[("DATABASE_URL", "postgres://u:pw@db/x"), ("P", "ab")]);
    let once = first.redact("connected to postgres://u:pw@db/x, about to begin");
    assert_eq!(once, "connected to [REDACTED:DATABASE_URL], about to begin");
    assert_eq!(
        first.redact(&once),
        once,
        "a second pass with the same values"
    );
    // A value the env gained since matches a marker's name: the marker stays whole.
    let later = redactor(&[
        ("DATABASE_URL", "postgres://u:pw@db/x"),
        ("P", "ab"),
        ("U", "database"),
        ("V", "REDACTED"),
    ]);
    assert_eq!(later.redact(&once), once);
    // Text that only looks like a marker of a value is not a marker: the value inside goes.
    let key = concat!("sk_", "live_", "abc123");
    let fake = format!("[REDACTED:{key}] and [REDACTED:KEY");
    let keyed = redactor(&[("KEY", key)]);
    assert_eq!(
        keyed.redact(&fake),
        "[REDACTED:[REDACTED:KEY]] and [REDACTED:KEY"
    );
    // A value found beside a marker is still redacted.
    let beside = redactor(&[("P", "ab"), ("Q", "xyz")]);
    assert_eq!(beside.redact("[REDACTED:Q]ab"), "[REDACTED:Q][REDACTED:P]");
}

/// Found by attack (issue 22, receipts publish redacted evidence): forms of a value that came
/// through whole. Each is how a common tool prints it.
#[test]
fn forms_dumps_and_code_print_are_redacted() {
    let value = concat!("sk_", "live_", "Zq9x");
    let r = redactor(&[("KEY", value)]);
    let hex = hex::encode(value);
    let pairs: Vec<String> = (0..hex.len() / 2)
        .map(|i| hex[2 * i..2 * i + 2].to_owned())
        .collect();
    let prefixed: Vec<String> = pairs.iter().map(|p| format!("0x{p}")).collect();
    let every = |f: &dyn Fn(char) -> String| value.chars().map(f).collect::<String>();
    let forms = [
        prefixed.join(" "),
        prefixed.join(", "),
        pairs.join("-"),
        every(&|c| format!("\\u{:04x}", u32::from(c))),
        every(&|c| format!("&#{};", u32::from(c))),
        every(&|c| format!("&#x{:x};", u32::from(c))),
        every(&|c| format!("\\{:03o}", u32::from(c))),
        // URL-encoded twice (a redirect's parameter): every byte, then the `%`.
        value.bytes().map(|b| format!("%25{b:02X}")).collect(),
    ];
    for form in forms {
        let out = r.redact(&format!("got {form} back"));
        assert_eq!(out, "got [REDACTED:KEY] back", "{form}");
    }
    // A value with letters beyond ASCII, upper-cased by the tool that printed it.
    let r = redactor(&[("KEY", "re_ünicode_secret")]);
    assert_eq!(r.redact("RE_ÜNICODE_SECRET"), "[REDACTED:KEY]");
    // Base64 of JSON holding base64 of `user:value`: a Kubernetes image pull secret.
    let auth = STANDARD.encode(format!("robot:{value}"));
    let config = format!(r#"{{"auths":{{"registry.example.com":{{"auth":"{auth}"}}}}}}"#);
    let pull_secret = STANDARD.encode(config);
    let out = r_key().redact(&format!(".dockerconfigjson: {pull_secret}"));
    assert_eq!(out, ".dockerconfigjson: [REDACTED:KEY]");
}

fn r_key() -> Redactor {
    redactor(&[("KEY", concat!("sk_", "live_", "Zq9x"))])
}

/// Found by attack (round 2 on receipts): text shaped like a marker whose "name" was an
/// upper-case secret value hid that value from redaction, at the push too.
#[test]
fn a_secret_written_as_a_markers_name_is_still_redacted() {
    let r = redactor(&[("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")]);
    assert_eq!(
        r.redact("[REDACTED:AKIAIOSFODNN7EXAMPLE]"),
        "[REDACTED:[REDACTED:AWS_ACCESS_KEY_ID]]"
    );
    // A marker of a variable this redactor does not know (removed from the env since) stays.
    assert_eq!(r.redact("[REDACTED:OLD_TOKEN]"), "[REDACTED:OLD_TOKEN]");
}

/// Found by attack (round 2 on receipts): forms Java's Gson writes (`=` as `\u003d`, `'` as
/// `\u0027`), a base64 value's padding dropped, and a value percent-encoded in part.
#[test]
fn gson_escapes_dropped_padding_and_partial_percent_encoding_are_redacted() {
    let key = "c2VjcmV0LWtleS1mb3ItdGVzdHM=";
    let r = redactor(&[
        ("B64", key),
        ("QUOTED", "it's_a_s3cret_77"),
        ("LATE", "late_value_ABC987"),
    ]);
    for (text, name) in [
        ("key c2VjcmV0LWtleS1mb3ItdGVzdHM\\u003d end", "B64"),
        ("key c2VjcmV0LWtleS1mb3ItdGVzdHM end", "B64"),
        ("say it\\u0027s_a_s3cret_77 end", "QUOTED"),
        ("v=late%5Fvalue%5FABC987&x", "LATE"),
        ("v=late_value%5fABC987&x", "LATE"),
    ] {
        let out = r.redact(text);
        assert!(
            out.contains(&format!("[REDACTED:{name}]")),
            "{text} gave {out}"
        );
        assert!(
            !out.contains("s3cret") && !out.contains("ABC987") && !out.contains("LWtleS1"),
            "{out}"
        );
    }
}

/// Found by attack (round 3 on receipts): a variable removed from the env, whose name held a
/// short value still there (`on`, `stripe`), had its markers redacted into again.
#[test]
fn a_removed_variables_marker_stays_whole_around_short_values() {
    let r = redactor(&[
        ("STATUS_BROADCAST_ENABLED", "on"),
        ("EVERIFY_USERNAME", "stripe"),
    ]);
    for marker in ["[REDACTED:SESSION_SECRET]", "[REDACTED:STRIPE_SECRET_KEY]"] {
        assert_eq!(r.redact(marker), marker);
    }
    // A long value inside the name, or the whole name a value, is no marker.
    let r = redactor(&[("K", "AKIAIOSFODNN7EXAMPLE"), ("H", "HUNTER2")]);
    assert_eq!(
        r.redact("[REDACTED:X_AKIAIOSFODNN7EXAMPLE]"),
        "[REDACTED:X_[REDACTED:K]]"
    );
    assert_eq!(r.redact("[REDACTED:HUNTER2]"), "[REDACTED:[REDACTED:H]]");
}

/// Found by attack (round 3 on receipts): values escaped in part, as .NET's JSON (`\u002B`),
/// PHP (`&#039;`), XML (`&apos;`), SQL and YAML (`''`), CSV (`""`), shells (`'\''`, shlex's
/// `'"'"'`) and Java `.properties` (`\:`) write them.
#[test]
fn values_escaped_in_part_by_common_tools_are_redacted() {
    let r = redactor(&[
        ("AZURE", "Zm9v+YmFy/cXV4=="),
        ("QUOTED", "it's_a_s3cret_77"),
        ("DQ", "say\"s3cret\"now"),
        ("DB", "jdbc:postgresql://db/x?password=pw_s3cret"),
    ]);
    for (text, name) in [
        ("k=Zm9v\\u002BYmFy/cXV4\\u003d\\u003d", "AZURE"),
        ("it&#039;s_a_s3cret_77", "QUOTED"),
        ("it&apos;s_a_s3cret_77", "QUOTED"),
        ("'it''s_a_s3cret_77'", "QUOTED"),
        ("'it'\\''s_a_s3cret_77'", "QUOTED"),
        ("'it'\"'\"'s_a_s3cret_77'", "QUOTED"),
        ("\"say\"\"s3cret\"\"now\"", "DQ"),
        ("url=jdbc\\:postgresql\\://db/x?password\\=pw_s3cret", "DB"),
    ] {
        let out = r.redact(text);
        assert!(
            out.contains(&format!("[REDACTED:{name}]")),
            "{text} gave {out}"
        );
        assert!(
            !out.contains("s3cret") && !out.contains("YmFy"),
            "{text} gave {out}"
        );
    }
}

/// Found by attack (receipts, round 3): a value beyond ASCII came through in its other
/// normalization, as UTF-16 hex, and with only its non-ASCII bytes percent-encoded.
#[test]
fn a_value_beyond_ascii_is_found_in_its_other_unicode_forms() {
    let value = "pässwörd-Ünïcode";
    let r = redactor(&[("KEY", value)]);
    for shown in [
        "pa\u{308}sswo\u{308}rd-U\u{308}ni\u{308}code",
        "p%C3%A4ssw%C3%B6rd-%C3%9Cn%C3%AFcode",
        "007000e400730073007700f600720064002d00dc006e00ef0063006f00640065",
    ] {
        let out = r.redact(&format!("x {shown} y"));
        assert_eq!(out, "x [REDACTED:KEY] y", "{shown}");
    }
}
