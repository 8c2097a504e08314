//! Extractors whose rejection is the app's error (axum's error-handling example): a handler
//! takes `AppQuery<T>`, `AppPath<T>` or `AppJson<T>` and never unpacks an axum rejection itself.

use crate::error::AppError;
use axum::extract::{FromRequest, FromRequestParts, Path, Query, Request};
use axum::http::request::Parts;
use axum::Json;
use serde::de::DeserializeOwned;

/// The query string as `T`; a bad one is a 400 in the app's error body.
pub struct AppQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for AppQuery<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Query(value) = Query::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

/// A path parameter as `T`; one that cannot be read (not UTF-8 once decoded) is a 400 in the
/// app's error body.
pub struct AppPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for AppPath<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let Path(value) = Path::<T>::from_request_parts(parts, state).await?;
        Ok(Self(value))
    }
}

/// A JSON body as `T`; a body that is not JSON of this shape is refused with the app's error
/// (415 without the JSON content type, 413 over the route's limit, 422 otherwise).
pub struct AppJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AppJson<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let Json(value) = Json::<T>::from_request(request, state).await?;
        Ok(Self(value))
    }
}

/// A plain-text body; one over the route's limit is refused with the app's 413, one that is not
/// UTF-8 with its 400.
pub struct AppText(pub String);

impl<S: Send + Sync> FromRequest<S> for AppText {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        Ok(Self(String::from_request(request, state).await?))
    }
}
