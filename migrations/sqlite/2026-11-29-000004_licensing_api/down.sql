-- The widened actor_kind check stays: events by license keys may exist by now.
DROP TABLE licensing_usage_hourly;
