//! The one app factory, used by `latchkey serve` and by the tests.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App, Error};
use utoipa_swagger_ui::SwaggerUi;

use crate::error::{ApiError, ErrorCode};
use crate::http::middleware;
use crate::http::state::AppState;

pub fn build(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    App::new()
        .app_data(state)
        .app_data(
            web::PathConfig::default()
                .error_handler(|_, _| ApiError::new(ErrorCode::NotFound, "Not found.").into()),
        )
        .wrap(Compress::default())
        .wrap(from_fn(middleware::observe))
        .service(web::redirect("/api/docs", "/api/docs/"))
        .service(
            SwaggerUi::new("/api/docs/{_:.*}")
                .url("/api/openapi.json", crate::openapi::spec())
                // Swagger UI would otherwise send the spec's URL to validator.swagger.io
                // (an image the page's policy refuses, and a leak to a third party).
                .config(utoipa_swagger_ui::Config::default().validator_url("none")),
        )
        // The licensing API first: the router tries routes in order, and these are the
        // ones called thousands of times a second.
        .configure(crate::licensing::routes::configure)
        .configure(crate::system::routes::configure)
        .configure(crate::admins::routes::configure)
        .configure(crate::api_keys::routes::configure)
        .configure(crate::audit::routes::configure)
        .configure(crate::products::routes::configure)
        .configure(crate::generators::routes::configure)
        .configure(crate::licenses::routes::configure)
        .configure(crate::customers::routes::configure)
        .configure(crate::activations::routes::configure)
        .configure(crate::dashboard::routes::configure)
        .configure(crate::signing::routes::configure)
        .configure(crate::portal::routes::configure)
        .configure(crate::email::routes::configure)
        .configure(crate::http::spa::configure)
}
