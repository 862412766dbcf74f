use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};

use super::model::{ActivationRow, ActivationStatus, ActiveStatus, Context};
use crate::db::DbConn;
use crate::paging::{capped_total, Sort, COUNT_CAP};
use crate::schema::{activations, customers, licenses, products};

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub license_id: Option<String>,
    pub customer_id: Option<String>,
    pub product_id: Option<String>,
    pub status: Option<ActivationStatus>,
    /// Not verified since this time (a device never verified counts from its activation).
    pub stale_before: Option<NaiveDateTime>,
    /// With `customer_id`: only what the license's current owner may see of its devices:
    /// those made for them, and those still holding a slot (kept across a transfer with
    /// `keep_activations`); an earlier owner's devices stay out of view. The same rule as
    /// `service::owner_sees`.
    pub owner_view: bool,
    /// The customer's own data, for their GDPR export: activations made for them (on any
    /// license, also one sold on since), and those holding a slot on a license they own.
    pub belonging_to: Option<String>,
}

/// The filters on the activation's own columns, for a boxed query over `activations`
/// alone or joined.
macro_rules! own_filters {
    ($q:expr, $f:expr) => {{
        let (mut q, f) = ($q, $f);
        if let Some(v) = &f.license_id {
            q = q.filter(activations::license_id.eq(v.clone()));
        }
        if let Some(s) = f.status {
            q = q.filter(activations::status.eq(s.as_str()));
        }
        if let Some(t) = f.stale_before {
            // A device is verified when it is activated, so one not verified since `t` was
            // activated before it: the list reads its activation order from `t` back,
            // past none of the devices made since.
            q = q.filter(activations::activated_at.lt(t)).filter(
                activations::last_verified_at
                    .is_null()
                    .or(activations::last_verified_at.lt(t)),
            );
        }
        q
    }};
}

/// Every filter of `f`, on a query over `activations` joined to `licenses` (and maybe
/// more). `walk_product`: the product is tested on each activation read along the sort's
/// index rather than looked up through the licenses' product index (a product has hundreds
/// of thousands of activations to fetch and sort; one in a few of the newest is usually the
/// product's).
macro_rules! with_filters {
    ($q:expr, $f:expr, $walk_product:expr) => {{
        let f: &Filter = $f;
        let mut q = own_filters!($q, f);
        if let Some(v) = &f.customer_id {
            q = q.filter(licenses::customer_id.eq(v.clone()));
        }
        if let Some(v) = &f.product_id {
            q = if $walk_product {
                q.filter(sql::<Text>("(licenses.product_id || '')").eq(v.clone()))
            } else {
                q.filter(licenses::product_id.eq(v.clone()))
            };
        }
        if let Some(c) = &f.belonging_to {
            q = q.filter(
                activations::customer_id
                    .eq(c.clone())
                    .or(licenses::customer_id
                        .eq(c.clone())
                        .and(activations::status.eq("active"))),
            );
        }
        if f.owner_view {
            q = q.filter(
                activations::customer_id
                    .eq(licenses::customer_id)
                    .or(activations::status.eq("active")),
            );
        }
        q
    }};
}

/// With the product and owner, for rows to show.
macro_rules! filtered {
    ($f:expr) => {
        with_filters!(
            activations::table
                .inner_join(
                    licenses::table
                        .inner_join(products::table)
                        .left_join(customers::table),
                )
                .into_boxed(),
            $f,
            false
        )
    };
}

/// With the license alone: what a page's ids and a count need.
macro_rules! licensed {
    ($f:expr, $walk_product:expr) => {
        with_filters!(
            activations::table.inner_join(licenses::table).into_boxed(),
            $f,
            $walk_product
        )
    };
}

pub type ListedRow = (ActivationRow, Context);

/// The exact number of matching activations (a customer's own, for the portal).
pub fn count(conn: &mut DbConn, f: &Filter) -> QueryResult<i64> {
    if joins_licenses(f) {
        return filtered!(f).count().get_result(conn);
    }
    // Every activation has its license and product (foreign keys), so without a filter on
    // them the joins change nothing but the cost: counting a million activations through
    // them took seconds, counting the table (or its status index) takes milliseconds.
    own_filters!(activations::table.into_boxed(), f)
        .count()
        .get_result(conn)
}

/// The list's order for `sort`; every order ends on `id`, so pages never overlap.
macro_rules! sorted {
    ($q:expr, $sort:expr) => {{
        let (q, sort): (_, &Sort) = ($q, $sort);
        match (sort.field.as_str(), sort.descending) {
            // Never-verified activations sort last both ways.
            ("last_verified_at", false) => q.order((
                activations::last_verified_at.is_null(),
                activations::last_verified_at.asc(),
                activations::id.asc(),
            )),
            ("last_verified_at", true) => q.order((
                activations::last_verified_at.is_null(),
                activations::last_verified_at.desc(),
                activations::id.desc(),
            )),
            (_, false) => q.order((activations::activated_at.asc(), activations::id.asc())),
            (_, true) => q.order((activations::activated_at.desc(), activations::id.desc())),
        }
    }};
}

/// The number of matching activations, and whether it was capped at
/// [`COUNT_CAP`]: at most that many index entries are read.
pub fn count_capped(conn: &mut DbConn, f: &Filter) -> QueryResult<(i64, bool)> {
    let one = sql::<Integer>("1");
    let found: Vec<i32> = if joins_licenses(f) {
        licensed!(f, false)
            .select(one)
            .limit(COUNT_CAP + 1)
            .load(conn)?
    } else {
        own_filters!(activations::table.into_boxed(), f)
            .select(one)
            .limit(COUNT_CAP + 1)
            .load(conn)?
    };
    Ok(capped_total(found.len() as i64))
}

fn joins_licenses(f: &Filter) -> bool {
    f.customer_id.is_some() || f.product_id.is_some() || f.owner_view || f.belonging_to.is_some()
}

/// Pages up to this size are read as ids first (through an index, so deep pages skip
/// index entries rather than rows), then the rows of those ids with their context.
const IDS_FIRST: i64 = 1000;

pub fn list(
    conn: &mut DbConn,
    f: &Filter,
    sort: &Sort,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<ListedRow>> {
    let columns = (
        ActivationRow::as_select(),
        (
            licenses::license_key,
            products::id,
            products::name,
            licenses::customer_id,
            customers::email.nullable(),
        ),
    );
    if limit > IDS_FIRST {
        return sorted!(filtered!(f).select(columns), sort)
            .offset(offset)
            .limit(limit)
            .load(conn);
    }
    let ids: Vec<String> = if joins_licenses(f) {
        let q = licensed!(f, f.customer_id.is_none()).select(activations::id);
        sorted!(q, sort).offset(offset).limit(limit).load(conn)?
    } else {
        let q = own_filters!(activations::table.into_boxed(), f).select(activations::id);
        sorted!(q, sort).offset(offset).limit(limit).load(conn)?
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<ListedRow> = activations::table
        .inner_join(
            licenses::table
                .inner_join(products::table)
                .left_join(customers::table),
        )
        .filter(activations::id.eq_any(&ids))
        .select(columns)
        .load(conn)?;
    let at: std::collections::HashMap<&str, usize> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    rows.sort_by_key(|(a, _)| at.get(a.id.as_str()).copied());
    Ok(rows)
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = activations)]
pub struct NewActivation<'a> {
    pub id: &'a str,
    pub license_id: &'a str,
    pub identifier: &'a str,
    pub kind: &'a str,
    pub name: Option<&'a str>,
    pub platform: Option<&'a str>,
    pub metadata: &'a str,
    pub ip_address: Option<&'a str>,
    pub status: &'a str,
    pub activated_at: NaiveDateTime,
    pub last_verified_at: Option<NaiveDateTime>,
    pub customer_id: Option<&'a str>,
}

pub fn insert(conn: &mut DbConn, row: &NewActivation) -> QueryResult<()> {
    diesel::insert_into(activations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<ActivationRow>> {
    activations::table
        .find(id)
        .select(ActivationRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_active(
    conn: &mut DbConn,
    license_id: &str,
    identifier: &str,
) -> QueryResult<Option<ActivationRow>> {
    activations::table
        .filter(activations::license_id.eq(license_id))
        .filter(activations::identifier.eq(identifier))
        .filter(activations::status.eq(ActiveStatus))
        .select(ActivationRow::as_select())
        .first(conn)
        .optional()
}

/// The [`Context`] of an activation of `license_id`.
pub fn context(conn: &mut DbConn, license_id: &str) -> QueryResult<Context> {
    licenses::table
        .inner_join(products::table)
        .left_join(customers::table)
        .filter(licenses::id.eq(license_id))
        .select((
            licenses::license_key,
            products::id,
            products::name,
            licenses::customer_id,
            customers::email.nullable(),
        ))
        .first(conn)
}

/// Marks an active activation inactive; `false` when it was not active any more.
pub fn deactivate(
    conn: &mut DbConn,
    id: &str,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    diesel::update(
        activations::table
            .find(id)
            .filter(activations::status.eq("active")),
    )
    .set((
        activations::status.eq("inactive"),
        activations::deactivated_at.eq(now),
        activations::deactivation_reason.eq(reason),
    ))
    .execute(conn)
    .map(|n| n == 1)
}

/// Records a verification synchronously (re-activation of an active identifier); routine
/// validations go through the licensing usage recorder instead.
pub fn touch(conn: &mut DbConn, id: &str, ip: Option<&str>, now: NaiveDateTime) -> QueryResult<()> {
    diesel::update(activations::table.find(id))
        .set((
            activations::last_verified_at.eq(now),
            activations::ip_address.eq(ip),
        ))
        .execute(conn)
        .map(|_| ())
}
