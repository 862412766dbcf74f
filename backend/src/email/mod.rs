//! Email: a durable outbox written inside the transaction of the change that causes the
//! mail; a worker delivers it (added with the client portal).

pub mod outbox;
