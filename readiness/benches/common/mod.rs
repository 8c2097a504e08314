//! What the claim benches check: the sentences of the first three labelled sets, repeated
//! to a megabyte of copy.

/// About 1 MB of the labelled corpora's sentences, each followed by a space.
pub fn megabyte_of_copy(dir: &str) -> String {
    let mut sentences = String::new();
    for file in [
        "claims_corpus.toml",
        "claims_corpus_2.toml",
        "claims_corpus_3.toml",
    ] {
        let corpus = std::fs::read_to_string(format!("{dir}/readiness/tests/{file}")).unwrap();
        for line in corpus.lines().filter_map(|l| l.strip_prefix("text = \"")) {
            sentences.push_str(line.trim_end_matches('"'));
            sentences.push(' ');
        }
    }
    sentences.repeat(1_000_000 / sentences.len() + 1)
}
