use actix_web::{post, web, HttpResponse};

use super::service;
use crate::context::RequestCtx;
use crate::error::ApiResult;
use crate::http::guard::{Auth, RoleSuperAdmin};
use crate::http::state::State;
use crate::licensing::model::PublicKeySet;
use crate::licensing::signer::KeyOwner;

/// Rotate the server's signing key
///
/// Super admins only. A new Ed25519 key signs the answers about unknown keys and other
/// products' keys (`NOT_FOUND`, `PRODUCT_MISMATCH`) from now on; the old public key stays
/// published at `GET /licensing/public-keys`, so answers signed before still verify. Ship
/// the new key to your software before (or right after) rotating.
#[utoipa::path(
    tag = "Licensing",
    responses((status = 200, description = "The server's keys, oldest first; the last is the new one", body = PublicKeySet)),
    security(("admin_jwt" = []), ("api_key" = []))
)]
#[post("/api/v1/admin/server-key/rotate")]
pub async fn rotate_server_key(
    state: State,
    auth: Auth<RoleSuperAdmin>,
    ctx: RequestCtx,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let actor = auth.principal.actor();
    let keys = state
        .db(move |conn| service::rotate_server_key(conn, &st.secrets, &actor, &ctx))
        .await?;
    state.licensing.signer.forget(&KeyOwner::Server);
    Ok(HttpResponse::Ok().json(PublicKeySet { keys }))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(rotate_server_key);
}
