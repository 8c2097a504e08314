//! Which inline module is the bootstrap, and what it loads.

use super::super::page::Page;
use super::bootstrap_of;

const LEPTOS: &str = r#"((root, pkg_path, output_name, wasm_output_name) => {
    import(`${root}/${pkg_path}/${output_name}.js`).then(mod => {
        mod.default({module_or_path: `${root}/${pkg_path}/${wasm_output_name}.wasm`}).then(() => mod.hydrate());
    })
})("", "pkg/v-1", "vendor-readiness", "vendor-readiness", false);"#;

/// Found by attack (round 25): an analytics module after the bootstrap was taken for it, and
/// the policy check read the nonce of another script than the bootstrap check.
#[test]
fn the_bootstrap_is_the_module_that_imports_a_script_wherever_it_stands() {
    let analytics = "<script type=module nonce=n2>window.dataLayer = [];</script>";
    let shims = "<script type=module nonce=n3>if (!HTMLScriptElement.supports) import('/shims.js');</script>";
    for (before, after) in [("", analytics), (analytics, ""), (shims, analytics)] {
        let html = format!("{before}<script type=module nonce=n1>{LEPTOS}</script>{after}");
        let bootstrap = bootstrap_of(&Page::read(&html)).unwrap();
        assert_eq!(
            bootstrap.imports,
            ["/pkg/v-1/vendor-readiness.js"],
            "{html}"
        );
        assert!(
            bootstrap.addresses.iter().any(|a| a.ends_with(".wasm")),
            "{html}"
        );
        assert_eq!(bootstrap.nonce.as_deref(), Some("n1"), "{html}");
    }
    let only = bootstrap_of(&Page::read(analytics)).unwrap();
    assert!(
        only.imports.is_empty(),
        "a lone module is read, and loads nothing"
    );
    assert!(bootstrap_of(&Page::read("<p>no script</p>")).is_err());
}
