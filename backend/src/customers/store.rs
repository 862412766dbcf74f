use diesel::prelude::*;

use super::model::CustomerRow;
use crate::db::DbConn;
use crate::schema::customers;

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<CustomerRow>> {
    customers::table
        .find(id)
        .select(CustomerRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_email(conn: &mut DbConn, email: &str) -> QueryResult<Option<CustomerRow>> {
    customers::table
        .filter(customers::email.eq(email))
        .select(CustomerRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, row: &CustomerRow) -> QueryResult<()> {
    diesel::insert_into(customers::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn add_to_license_count(conn: &mut DbConn, id: &str, delta: i64) -> QueryResult<usize> {
    diesel::update(customers::table.find(id))
        .set(customers::license_count.eq(customers::license_count + delta))
        .execute(conn)
}

/// (email, id) of the customers with these emails.
pub fn ids_by_emails(conn: &mut DbConn, emails: &[String]) -> QueryResult<Vec<(String, String)>> {
    crate::db::lookup_pairs(conn, "customers", "email", "id", emails)
}

pub fn insert_many(conn: &mut DbConn, rows: &[CustomerRow]) -> QueryResult<()> {
    for chunk in rows.chunks(1000) {
        // Multi-row inserts do not compile on the MultiConnection enum; use the inner one.
        match conn {
            DbConn::Sqlite(c) => diesel::insert_into(customers::table)
                .values(chunk)
                .execute(c)?,
            DbConn::Pg(c) => diesel::insert_into(customers::table)
                .values(chunk)
                .execute(c)?,
        };
    }
    Ok(())
}
