//! Issue 23: a board started with a model of labelled copy (`serve --claims-model`) joins it
//! with its rules in every check of `POST /api/claims/check` and serves it at `GET
//! /api/claims/model`, so `claims check --board-url` finds what the board finds; a model that
//! is not one stops `serve` before anything is created.

use crate::common;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::*;
use readiness::claims::model::ClaimModel;
use serde_json::{json, Value};

/// Copy no rule matches and the shipped model reads as a checkout claim (blind set 17).
const COPY: &str = "Once payment is done by card on the website itself, workspace is getting activated automatically, no need to talk to any sales person.";

fn with_model() -> TestApp {
    with_claims_model(seed_app())
}

async fn check(app: &TestApp, text: &str) -> Value {
    let body = json!({ "text": text }).to_string();
    let headers = [("content-type", "application/json")];
    let (status, result) = send(app, "POST", "/api/claims/check", &headers, body).await;
    assert_eq!(status, StatusCode::OK, "{result}");
    result
}

fn claims_of(result: &Value) -> Vec<(String, String)> {
    let violations = result["violations"].as_array().unwrap();
    let claim = |v: &Value| {
        (
            v["claim"].as_str().unwrap().to_owned(),
            v["evidence"].as_str().unwrap_or("phrase").to_owned(),
        )
    };
    violations.iter().map(claim).collect()
}

#[tokio::test]
async fn the_api_joins_the_boards_model_with_its_rules() {
    let checkout = |r: &Value| {
        let found = claims_of(r).into_iter();
        let checkout = found.filter(|(claim, _)| claim == "Self-serve checkout");
        checkout.map(|(_, evidence)| evidence).collect::<Vec<_>>()
    };
    let plain = check(&seed_app(), COPY).await;
    assert_eq!(plain["model"], false, "{plain}");
    assert!(
        checkout(&plain).is_empty(),
        "no rule reads checkout here: {plain}"
    );

    let joined = check(&with_model(), COPY).await;
    assert_eq!(joined["model"], true, "{joined}");
    assert_eq!(checkout(&joined), ["sentence"], "{joined}");
    let mut by_model = joined["violations"].as_array().unwrap().iter();
    let sentence = by_model.find(|v| v["evidence"] == "sentence").unwrap();
    assert_eq!(
        sentence["text"],
        COPY.trim_end_matches('.'),
        "the whole sentence"
    );
    let mut verdicts = joined["verdicts"].as_array().unwrap().iter();
    let self_serve = verdicts
        .find(|v| v["motion"] == "self-serve-paid-launch")
        .unwrap();
    assert_eq!(self_serve["safe"], false, "{joined}");
    let claims = |r: &Value| r["claims"].as_u64().unwrap();
    assert!(
        claims(&joined) > claims(&plain),
        "the model's claims count: {joined}"
    );
}

/// A phrase a rule finds and the model doubts is listed to check, and still counts: the model
/// may add to a verdict, never clear one (found by attack: copy padded with other topics made it
/// doubt a real claim, and every motion was called safe).
#[tokio::test]
async fn a_doubted_phrase_is_listed_to_check_and_still_counts() {
    let copy = "Rippling provisions users automatically over SCIM; Thesmios does not.";
    let plain = check(&seed_app(), copy).await;
    let joined = check(&with_model(), copy).await;
    let found = claims_of(&joined);
    let hris = (
        "Automatic HRIS sync".to_owned(),
        "doubted_phrase".to_owned(),
    );
    assert!(found.contains(&hris), "{joined}");
    for field in ["total", "claims", "phrases", "safe"] {
        assert_eq!(joined[field], plain[field], "{field}: {joined}");
    }
    // Each verdict as the rules' own. The motion the doubted claim is not allowed for has
    // another claim of the same phrase kept, so the phrase is not counted doubted for it
    // (found by attack: one doubted claim of several made the whole phrase "doubted").
    let verdicts = |r: &Value| r["verdicts"].as_array().unwrap().clone();
    for (mut joined, plain) in verdicts(&joined).into_iter().zip(verdicts(&plain)) {
        let doubted = joined["doubted"].take();
        assert_eq!(doubted, 0, "{joined}");
        assert_eq!(
            plain["doubted"], 0,
            "the rules alone doubt nothing: {plain}"
        );
        joined["doubted"] = json!(0);
        assert_eq!(joined, plain);
    }
}

#[tokio::test]
async fn the_model_is_served_with_an_etag_and_a_board_without_one_says_so() {
    let (status, body, _) = get(&seed_app(), "/api/claims/model").await;
    // A board that checks with its rules alone says so; it is not an unknown address.
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        body.contains("rules alone") && body.contains("--claims-model"),
        "{body}"
    );

    let app = with_model();
    let (status, body, headers) = get(&app, "/api/claims/model").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/json");
    let served: ClaimModel = serde_json::from_str(&body).unwrap();
    assert_eq!(served, shipped_claims_model());
    let etag = headers["etag"].to_str().unwrap().to_owned();
    let again = Request::get("/api/claims/model").header("if-none-match", &etag);
    let (status, headers, bytes) = call(&app, again.body(Body::empty()).unwrap()).await;
    assert_eq!((status, bytes.len()), (StatusCode::NOT_MODIFIED, 0));
    assert_eq!(headers["etag"], etag.as_str());
}

/// `POST /api/claims/reading`: the model's reading of plain-text copy, which a checker without
/// the weights (the page's island) joins with the board's rules to find what the API finds.
#[tokio::test]
async fn the_reading_of_copy_joined_with_the_rules_finds_what_the_api_finds() {
    let app = with_model();
    let copy =
        format!("{COPY} Rippling provisions users automatically over SCIM; Thesmios does not.");
    let request = Request::post("/api/claims/reading").body(Body::from(copy.clone()));
    let (status, headers, bytes) = call(&app, request.unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/plain; charset=utf-8");
    let text = String::from_utf8(bytes).unwrap();
    let readings = readiness::claims::model::Readings::decode(&text).expect("a reading");
    assert_eq!(
        readings.len(),
        2,
        "both sentences, each a join needs: {text}"
    );
    let board = app.state.board.current(app.state.now()).board.clone();
    let checker = readiness::ClaimRules::all(&board).compile();
    let joined = checker.with_readings(std::sync::Arc::new(readings));
    let by_reading = serde_json::to_value(joined.check_at_most(&copy, 1000).violations).unwrap();
    assert_eq!(by_reading, check(&app, &copy).await["violations"]);

    let (status, body, _) = {
        let request = Request::post("/api/claims/reading").body(Body::from(COPY));
        let (status, _, bytes) = call(&seed_app(), request.unwrap()).await;
        (status, String::from_utf8(bytes).unwrap(), ())
    };
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    // Said whatever the body (found by attack: copy that was not UTF-8 got a 400 there).
    let request = Request::post("/api/claims/reading").body(Body::from(vec![0xff, 0xfe]));
    let (status, _, _) = call(&seed_app(), request.unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Found by attack: eight bullets without stops read as one sentence, in which the model found
/// the claim of one of them unlikely and doubted it: every motion was called safe. Each item of
/// a list is a sentence now.
#[tokio::test]
async fn a_claim_in_a_bullet_list_without_stops_still_counts() {
    let list = "- Unlimited projects for every team\n- Role based permissions out of the box\n- Audit logs kept for twelve months\n- Granular sharing with external reviewers\n- Dark mode and keyboard shortcuts everywhere\n- Templates for every common workflow\n- Priority support from our team in Europe\n- Cancel anytime from the dashboard\n";
    let joined = check(&with_model(), list).await;
    assert_eq!(joined["safe"], false, "{joined}");
    let doubted = claims_of(&joined)
        .into_iter()
        .filter(|(_, e)| e == "doubted_phrase");
    assert_eq!(doubted.count(), 0, "{joined}");
}

/// A motion's `doubted` counts the phrases whose every claim for it the model doubts: each
/// verdict checked against the listed findings, grouped by overlapping phrase.
#[tokio::test]
async fn a_phrase_counts_as_doubted_only_when_each_of_its_claims_is() {
    let copy = "To stop paying, press Cancel subscription in Billing. Verifly offers self-serve checkout to small agencies.";
    let joined = check(&with_model(), copy).await;
    let found = joined["violations"].as_array().unwrap();
    let mut expected = std::collections::BTreeMap::<String, u64>::new();
    let mut at = 0;
    while at < found.len() {
        // One phrase: the findings overlapping the first, by position.
        let mut end = found[at]["end"].as_u64().unwrap();
        let mut last = at + 1;
        while last < found.len() && found[last]["start"].as_u64().unwrap() < end {
            end = end.max(found[last]["end"].as_u64().unwrap());
            last += 1;
        }
        let phrase = &found[at..last];
        let motions = phrase.iter().flat_map(|v| v["motions"].as_array().unwrap());
        for motion in motions.map(|m| m.as_str().unwrap().to_owned()) {
            let of = phrase.iter().filter(|v| {
                v["motions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|m| m == &motion[..])
            });
            let all = of.clone().all(|v| v["evidence"] == "doubted_phrase");
            *expected.entry(motion).or_default() += u64::from(all);
        }
        at = last;
    }
    let expected: Vec<(String, u64)> = expected.into_iter().filter(|e| e.1 > 0).collect();
    let mut said: Vec<(String, u64)> = (joined["verdicts"].as_array().unwrap().iter())
        .map(|v| {
            (
                v["motion"].as_str().unwrap().to_owned(),
                v["doubted"].as_u64().unwrap(),
            )
        })
        .filter(|e| e.1 > 0)
        .collect();
    said.sort();
    assert!(
        !said.is_empty(),
        "the competitor's offer is doubted: {joined}"
    );
    assert_eq!(said, expected, "{joined}");
}
