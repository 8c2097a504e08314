//! The owner and motion filters: a plain GET form that the hydrated app applies in place.

use leptos::ev::SubmitEvent;
use leptos::html::Select;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use readiness::{Board, BoardFilter};

#[component]
pub fn Filters(board: StoredValue<Board>, filter: Memo<BoardFilter>) -> AnyView {
    let owner_ref = NodeRef::<Select>::new();
    let motion_ref = NodeRef::<Select>::new();
    let navigate = use_navigate();
    let apply = move || {
        let read = |r: NodeRef<Select>| r.get_untracked().map(|el| el.value());
        let query = BoardFilter::new(read(owner_ref), read(motion_ref)).to_query();
        let url = if query.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{query}")
        };
        navigate(
            &url,
            NavigateOptions {
                scroll: false,
                ..Default::default()
            },
        );
    };
    let on_change = {
        let apply = apply.clone();
        move |_| apply()
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        apply();
    };
    let owners = board.with_value(|b| b.owners.clone());
    let motions: Vec<(String, String)> = board.with_value(|b| {
        b.motions
            .iter()
            .map(|m| (m.id.to_string(), m.name.clone()))
            .collect()
    });
    let owner_is = move |o: &str| {
        filter.with(|f| {
            f.owner
                .as_deref()
                .is_some_and(|x| x.eq_ignore_ascii_case(o))
        })
    };
    let motion_is = move |m: &str| filter.with(|f| f.motion.as_deref() == Some(m));

    view! {
        <form class="filters" method="get" action="/" on:submit=on_submit on:change=on_change aria-label="Filter the board">
            <div class="field">
                <label for="filter-owner">"Owner"</label>
                <select id="filter-owner" name="owner" node_ref=owner_ref
                    prop:value=move || owners_value(filter.get().owner, &board)>
                    <option value="" selected=move || filter.with(|f| f.owner.is_none())>"All owners"</option>
                    {owners.into_iter().map(|o| {
                        let selected = { let o = o.clone(); move || owner_is(&o) };
                        view! { <option value=o.clone() selected=selected>{o.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-motion">"Motion"</label>
                <select id="filter-motion" name="motion" node_ref=motion_ref
                    prop:value=move || filter.get().motion.unwrap_or_default()>
                    <option value="" selected=move || filter.with(|f| f.motion.is_none())>"All motions"</option>
                    {motions.into_iter().map(|(id, name)| {
                        let selected = { let id = id.clone(); move || motion_is(&id) };
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="filter-actions">
                <button type="submit">"Apply filters"</button>
                <a href="/" class="clear-filters">"Clear filters"</a>
            </div>
        </form>
    }
    .into_any()
}

/// The owner option to show as chosen: the catalog's spelling of a case-insensitive match.
fn owners_value(owner: Option<String>, board: &StoredValue<Board>) -> String {
    owner
        .and_then(|o| {
            board.with_value(|b| {
                b.owners
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(&o))
                    .cloned()
            })
        })
        .unwrap_or_default()
}
