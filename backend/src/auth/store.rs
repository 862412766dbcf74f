//! The auth feature's SQL: sign-in failures (for `throttle`), and the refresh-token
//! queries every sessions table shares.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::schema::auth_failures;

pub fn failures_since(
    conn: &mut DbConn,
    scope: &str,
    subject: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<NaiveDateTime>> {
    auth_failures::table
        .filter(auth_failures::scope.eq(scope))
        .filter(auth_failures::subject.eq(subject))
        .filter(auth_failures::created_at.gt(since))
        .order(auth_failures::created_at.asc())
        .select(auth_failures::created_at)
        .load(conn)
}

pub fn insert(
    conn: &mut DbConn,
    scope: &str,
    subject: &str,
    at: NaiveDateTime,
) -> QueryResult<String> {
    let id = uuid::Uuid::now_v7().to_string();
    diesel::insert_into(auth_failures::table)
        .values((
            auth_failures::id.eq(&id),
            auth_failures::scope.eq(scope),
            auth_failures::subject.eq(subject),
            auth_failures::created_at.eq(at),
        ))
        .execute(conn)?;
    Ok(id)
}

pub fn delete_ids(conn: &mut DbConn, ids: &[String]) -> QueryResult<usize> {
    diesel::delete(auth_failures::table.filter(auth_failures::id.eq_any(ids))).execute(conn)
}

pub fn delete(conn: &mut DbConn, scope: &str, subject: &str) -> QueryResult<usize> {
    diesel::delete(
        auth_failures::table
            .filter(auth_failures::scope.eq(scope))
            .filter(auth_failures::subject.eq(subject)),
    )
    .execute(conn)
}

pub fn delete_before(conn: &mut DbConn, cutoff: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(auth_failures::table.filter(auth_failures::created_at.lt(cutoff))).execute(conn)
}

/// The refresh-token queries of one sessions table, written once for every kind of
/// account and expanded in the feature's store (the only place its SQL lives): `$table`
/// has `id`, `refresh_token_hash`, `previous_token_hash` and `revoked_at`; `$rotated` is
/// the column stamped at each rotation; `$row` the table's row type.
#[macro_export]
macro_rules! refresh_token_queries {
    ($table:ident, $row:ty, $rotated:ident) => {
        pub fn session_by_refresh_hash(
            conn: &mut $crate::db::DbConn,
            hash: &str,
        ) -> diesel::QueryResult<Option<$row>> {
            $table::table
                .filter($table::refresh_token_hash.eq(hash))
                .select(<$row>::as_select())
                .first(conn)
                .optional()
        }

        pub fn session_by_previous_hash(
            conn: &mut $crate::db::DbConn,
            hash: &str,
        ) -> diesel::QueryResult<Option<$row>> {
            $table::table
                .filter($table::previous_token_hash.eq(hash))
                .select(<$row>::as_select())
                .first(conn)
                .optional()
        }

        /// Swaps the refresh token only if it is still the one presented, so two concurrent
        /// refreshes with the same token cannot both succeed.
        pub fn rotate_refresh(
            conn: &mut $crate::db::DbConn,
            session_id: &str,
            old_hash: &str,
            new_hash: &str,
            now: chrono::NaiveDateTime,
        ) -> diesel::QueryResult<bool> {
            let n = diesel::update(
                $table::table
                    .filter($table::id.eq(session_id))
                    .filter($table::refresh_token_hash.eq(old_hash))
                    .filter($table::revoked_at.is_null()),
            )
            .set((
                $table::refresh_token_hash.eq(new_hash),
                $table::previous_token_hash.eq(old_hash),
                $table::$rotated.eq(now),
            ))
            .execute(conn)?;
            Ok(n == 1)
        }

        /// Replaces the current refresh token with a new one for the holder of the token
        /// just replaced (its answer was lost), only while that is still the previous one.
        pub fn rotate_again(
            conn: &mut $crate::db::DbConn,
            session_id: &str,
            previous_hash: &str,
            new_hash: &str,
            now: chrono::NaiveDateTime,
        ) -> diesel::QueryResult<bool> {
            let n = diesel::update(
                $table::table
                    .filter($table::id.eq(session_id))
                    .filter($table::previous_token_hash.eq(previous_hash))
                    .filter($table::revoked_at.is_null()),
            )
            .set((
                $table::refresh_token_hash.eq(new_hash),
                $table::$rotated.eq(now),
            ))
            .execute(conn)?;
            Ok(n == 1)
        }
    };
}
