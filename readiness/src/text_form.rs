//! A compact text form for the tables a page carries to the browser (the filter index, the claim
//! rules): one line per row, a tag then tab-separated fields, lists inside a field split by the
//! unit separator, and `\`, tab, newline, carriage return and the separator escaped. Decoded by
//! a few lines of code instead of a JSON decoder in the wasm.

const SUB: char = '\u{1f}';

/// Writes rows of the text form.
#[derive(Default)]
pub(crate) struct Writer(String);

impl Writer {
    pub fn row(&mut self, tag: &str) -> &mut Self {
        if !self.0.is_empty() {
            self.0.push('\n');
        }
        self.0.push_str(tag);
        self
    }

    pub fn text(&mut self, text: &str) -> &mut Self {
        self.0.push('\t');
        escape_into(&mut self.0, text);
        self
    }

    /// A list in one field: every item is preceded by the separator, so `[]` and `[""]` differ.
    pub fn list<S: AsRef<str>>(&mut self, items: impl IntoIterator<Item = S>) -> &mut Self {
        self.0.push('\t');
        for item in items {
            self.0.push(SUB);
            escape_into(&mut self.0, item.as_ref());
        }
        self
    }

    pub fn numbers(&mut self, numbers: &[usize]) -> &mut Self {
        self.list(numbers.iter().map(usize::to_string))
    }

    pub fn finish(self) -> String {
        self.0
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            SUB => out.push_str("\\u"),
            c => out.push(c),
        }
    }
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\\' => match chars.next() {
                Some('t') => '\t',
                Some('n') => '\n',
                Some('r') => '\r',
                Some('u') => SUB,
                Some(other) => other,
                None => '\\',
            },
            c => c,
        });
    }
    out
}

/// The rows of a text form: each tag with its fields.
pub(crate) fn rows(text: &str) -> impl Iterator<Item = (&str, Fields<'_>)> {
    text.split('\n').filter(|row| !row.is_empty()).map(|row| {
        let mut fields = row.split('\t');
        let tag = fields.next().unwrap_or_default();
        (tag, Fields(fields))
    })
}

/// The fields of one row, read in order; `None` when one is missing or malformed.
pub(crate) struct Fields<'a>(std::str::Split<'a, char>);

impl Fields<'_> {
    pub fn text(&mut self) -> Option<String> {
        self.0.next().map(unescape)
    }

    pub fn list(&mut self) -> Option<Vec<String>> {
        let field = self.0.next()?;
        if field.is_empty() {
            return Some(Vec::new());
        }
        let mut items = field.split(SUB);
        // Every item is preceded by the separator: what comes before the first is empty.
        if items.next() != Some("") {
            return None;
        }
        Some(items.map(unescape).collect())
    }

    pub fn numbers(&mut self) -> Option<Vec<usize>> {
        self.list()?.iter().map(|n| n.parse().ok()).collect()
    }

    /// Every field left, each a list; `None` if any is malformed.
    pub fn lists(mut self) -> Option<Vec<Vec<String>>> {
        let mut lists = Vec::new();
        while self.0.clone().next().is_some() {
            lists.push(self.list()?);
        }
        Some(lists)
    }
}
