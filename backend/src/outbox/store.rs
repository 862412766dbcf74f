use diesel::prelude::*;

use crate::db::{time, DbConn};
use crate::error::ApiResult;
use crate::schema::email_outbox;

pub fn insert(
    conn: &mut DbConn,
    template: &str,
    to_email: &str,
    customer_id: Option<&str>,
    payload: &str,
) -> ApiResult<()> {
    let now = time::now();
    diesel::insert_into(email_outbox::table)
        .values((
            email_outbox::id.eq(uuid::Uuid::now_v7().to_string()),
            email_outbox::template.eq(template),
            email_outbox::to_email.eq(to_email),
            email_outbox::customer_id.eq(customer_id),
            email_outbox::payload.eq(payload),
            email_outbox::status.eq("pending"),
            email_outbox::attempts.eq(0i64),
            email_outbox::next_attempt_at.eq(now),
            email_outbox::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}
