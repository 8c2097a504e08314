//! Whether the page's bootstrap (its inline module, which Leptos writes) would hydrate it: it
//! loads the very script and wasm the page links, and calls the script's `default` (which loads
//! the wasm) and `hydrate`. Found by a QA team: a bootstrap rewritten to load another script, or
//! to call nothing, passed smoke while the page never became interactive.

use super::page::Page;
use super::script::{inline_scripts, parses};
use oxc_allocator::Allocator;
use oxc_ast::ast::{Argument, CallExpression, Expression, ImportExpression, TemplateLiteral};
use oxc_ast_visit::{walk, Visit};
use oxc_parser::Parser;
use oxc_span::SourceType;
use std::collections::HashMap;

/// What keeps the `bootstrap` (of the page at `page`) from hydrating the page with the `script`
/// and `wasm` it links (each as the browser resolves it; a link missing is reported elsewhere).
pub fn bootstrap_problem(
    page: &url::Url,
    bootstrap: &Result<Bootstrap, String>,
    script: Option<url::Url>,
    wasm: Option<url::Url>,
) -> Result<(), String> {
    let bootstrap = bootstrap.as_ref().map_err(String::clone)?;
    let loads = |found: &[String], linked: &url::Url| {
        found
            .iter()
            .any(|a| page.join(a).ok().as_ref() == Some(linked))
    };
    if script.is_some_and(|s| !loads(&bootstrap.imports, &s)) {
        return Err("the bootstrap does not load the script the page links".to_owned());
    }
    if wasm.is_some_and(|w| !loads(&bootstrap.addresses, &w)) {
        return Err("the bootstrap does not load the wasm the page links".to_owned());
    }
    for call in ["default", "hydrate"] {
        if !bootstrap.calls.iter().any(|c| c == call) {
            return Err(format!("the bootstrap never calls the script's {call}"));
        }
    }
    Ok(())
}

/// What the page's bootstrap (its inline module) loads and calls.
#[derive(Debug, Default)]
pub struct Bootstrap {
    /// The addresses it imports a script from.
    pub imports: Vec<String>,
    /// Every address it builds (the wasm's among them).
    pub addresses: Vec<String>,
    /// The methods it calls (`mod.hydrate()` is `hydrate`).
    calls: Vec<String>,
    /// The nonce its `script` element carries, which the page's policy must allow.
    pub nonce: Option<String>,
    /// The SHA-256 of its text (base64), by which a policy may allow it instead.
    pub sha256: Option<String>,
}

/// The SHA-256 of a script's text, base64, as a CSP hash source names it.
fn sha256_of(source: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(source.as_bytes()))
}

/// Reads the page's inline scripts: each must parse, and the bootstrap is the first module that
/// imports a script and calls `hydrate`, else the first that imports one, else the first module
/// (found by attack, rounds 25 and 26: an analytics module after it, and a module-shims loader
/// importing before it, were taken for the bootstrap).
pub fn bootstrap_of(html: &Page) -> Result<Bootstrap, String> {
    let mut modules = Vec::new();
    for (tag, module, source) in inline_scripts(html) {
        let allocator = Allocator::default();
        let kind = if module {
            SourceType::mjs()
        } else {
            SourceType::script()
        };
        let parsed = Parser::new(&allocator, source, kind).parse();
        parses(&parsed, "an inline script")?;
        if module {
            let mut reader = Reader::default();
            reader.arguments_of(&parsed.program.body);
            reader.visit_program(&parsed.program);
            reader.found.nonce = tag.get("nonce").map(str::to_owned);
            reader.found.sha256 = Some(sha256_of(source));
            modules.push(reader.found);
        }
    }
    let imports = |m: &Bootstrap| !m.imports.is_empty();
    let hydrates = |m: &Bootstrap| imports(m) && m.calls.iter().any(|c| c == "hydrate");
    let leptos = modules.iter().position(hydrates);
    let importing = leptos.or_else(|| modules.iter().position(imports));
    match importing.or((!modules.is_empty()).then_some(0)) {
        Some(at) => Ok(modules.swap_remove(at)),
        None => Err("the page has no bootstrap (an inline module script)".to_owned()),
    }
}

/// Walks the bootstrap, with the values its outer call gives its parameters.
#[derive(Default)]
struct Reader {
    values: HashMap<String, String>,
    found: Bootstrap,
}

impl Reader {
    /// `((root, pkg_path, …) => { … })("", "pkg/v-…", …)`: each parameter's string.
    fn arguments_of(&mut self, body: &[oxc_ast::ast::Statement]) {
        let Some(oxc_ast::ast::Statement::ExpressionStatement(statement)) = body.first() else {
            return;
        };
        let Expression::CallExpression(call) = statement.expression.without_parentheses() else {
            return;
        };
        let Expression::ArrowFunctionExpression(function) = call.callee.without_parentheses()
        else {
            return;
        };
        for (parameter, argument) in function.params.items.iter().zip(&call.arguments) {
            if let (Some(name), Argument::StringLiteral(value)) =
                (parameter.pattern.get_identifier_name(), argument)
            {
                self.values
                    .insert(name.to_string(), value.value.to_string());
            }
        }
    }

    /// A template's text with each parameter it names replaced by its value.
    fn evaluate(&self, template: &TemplateLiteral) -> Option<String> {
        let mut out = String::new();
        for (at, quasi) in template.quasis.iter().enumerate() {
            out.push_str(quasi.value.cooked.as_deref()?);
            if let Some(expression) = template.expressions.get(at) {
                let Expression::Identifier(name) = expression else {
                    return None;
                };
                out.push_str(self.values.get(name.name.as_str())?);
            }
        }
        Some(out)
    }
}

impl<'a> Visit<'a> for Reader {
    fn visit_call_expression(&mut self, call: &CallExpression<'a>) {
        if let Expression::StaticMemberExpression(member) = &call.callee {
            self.found.calls.push(member.property.name.to_string());
        }
        walk::walk_call_expression(self, call);
    }

    fn visit_import_expression(&mut self, import: &ImportExpression<'a>) {
        match &import.source {
            Expression::TemplateLiteral(t) => self.found.imports.extend(self.evaluate(t)),
            Expression::StringLiteral(s) => self.found.imports.push(s.value.to_string()),
            _ => {}
        }
        walk::walk_import_expression(self, import);
    }

    fn visit_template_literal(&mut self, template: &TemplateLiteral<'a>) {
        self.found.addresses.extend(self.evaluate(template));
        walk::walk_template_literal(self, template);
    }
}

#[cfg(test)]
mod tests;
