//! What the OpenAPI document says of one operation, written beside its route in `table.rs`:
//! its summary, parameters, request body and every answer with the type of its body.

use schemars::{JsonSchema, SchemaGenerator};
use serde_json::Value;

/// A body's JSON Schema, made with the document's generator (shared definitions).
pub type SchemaFn = fn(&mut SchemaGenerator) -> Value;

/// What an answer carries.
#[derive(Clone, Copy)]
pub enum Body {
    /// Nothing (204, 304, a HEAD).
    Empty,
    /// JSON of this schema.
    Json(SchemaFn),
    /// Text of this media type.
    Media(&'static str),
    /// The error body every error of the board's own routes has (`wire::ErrorBody`).
    Error,
}

/// One answer: status, description, body.
pub struct Answer {
    pub status: u16,
    pub description: &'static str,
    pub body: Body,
}

/// One described operation of a route.
pub struct Operation {
    /// `get`, `post`, `head`…
    pub method: &'static str,
    pub summary: &'static str,
    pub query: &'static [&'static str],
    pub headers: Vec<&'static str>,
    /// Its request body (JSON).
    pub request: Option<Body>,
    pub answers: Vec<Answer>,
}

/// An operation with nothing said of it yet but its method and summary.
pub fn op(method: &'static str, summary: &'static str) -> Operation {
    Operation {
        method,
        summary,
        query: &[],
        headers: Vec::new(),
        request: None,
        answers: Vec::new(),
    }
}

impl Operation {
    /// Its optional query parameters.
    pub fn query(mut self, names: &'static [&'static str]) -> Self {
        self.query = names;
        self
    }

    /// An optional request header it reads.
    pub fn header(mut self, name: &'static str) -> Self {
        self.headers.push(name);
        self
    }

    /// Its JSON request body ([`json`] or [`json_of`]).
    pub fn request(mut self, body: Body) -> Self {
        self.request = Some(body);
        self
    }

    /// One answer it gives (`body` is [`json`], [`json_of`], [`media`], [`none`] or [`error`]).
    pub fn answer(mut self, status: u16, description: &'static str, body: Body) -> Self {
        self.answers.push(Answer {
            status,
            description,
            body,
        });
        self
    }
}

/// A JSON body of type `T`.
pub fn json<T: JsonSchema>() -> Body {
    Body::Json(schema_of::<T>)
}

fn schema_of<T: JsonSchema>(generator: &mut SchemaGenerator) -> Value {
    generator.subschema_for::<T>().to_value()
}

/// A JSON body of a schema written out.
pub fn json_of(schema: SchemaFn) -> Body {
    Body::Json(schema)
}

/// A text body of `media_type`.
pub fn media(media_type: &'static str) -> Body {
    Body::Media(media_type)
}

/// No body.
pub fn none() -> Body {
    Body::Empty
}

/// The error body.
pub fn error() -> Body {
    Body::Error
}
