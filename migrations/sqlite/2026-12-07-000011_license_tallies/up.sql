-- Licenses counted by stored state and day of expiry (with the sum of their active
-- activations), kept by triggers in the same
-- transaction as every write, for the dashboard: its figures come from these few rows (and
-- an index read of the licenses expiring today and on the window's last day) instead of a
-- pass over every license. Each count is spread over 16 shards (by the license id's last
-- character) so that concurrent activations rarely wait for the same row.
CREATE TABLE license_tallies (
    shard INTEGER NOT NULL,
    state TEXT NOT NULL,
    -- The UTC day of expires_at (YYYY-MM-DD); '' for perpetual licenses.
    expires_on TEXT NOT NULL,
    n BIGINT NOT NULL,
    -- The sum of the licenses' activations_used.
    used BIGINT NOT NULL,
    PRIMARY KEY (shard, state, expires_on)
);

INSERT INTO license_tallies (shard, state, expires_on, n, used)
SELECT unicode(substr(id, -1)) % 16, state, COALESCE(substr(expires_at, 1, 10), ''), count(*),
       sum(activations_used)
  FROM licenses GROUP BY 1, 2, 3;

CREATE TRIGGER license_tallies_insert AFTER INSERT ON licenses BEGIN
    INSERT INTO license_tallies (shard, state, expires_on, n, used)
    VALUES (unicode(substr(NEW.id, -1)) % 16, NEW.state, COALESCE(substr(NEW.expires_at, 1, 10), ''),
            1, NEW.activations_used)
    ON CONFLICT (shard, state, expires_on)
    DO UPDATE SET n = n + 1, used = used + excluded.used;
END;

CREATE TRIGGER license_tallies_delete AFTER DELETE ON licenses BEGIN
    UPDATE license_tallies SET n = n - 1, used = used - OLD.activations_used
     WHERE shard = unicode(substr(OLD.id, -1)) % 16 AND state = OLD.state
       AND expires_on = COALESCE(substr(OLD.expires_at, 1, 10), '');
END;

CREATE TRIGGER license_tallies_update
AFTER UPDATE OF revoked_at, suspended_at, customer_id, activations_used, expires_at ON licenses
WHEN OLD.state IS NOT NEW.state OR substr(OLD.expires_at, 1, 10) IS NOT substr(NEW.expires_at, 1, 10)
  OR OLD.activations_used IS NOT NEW.activations_used
BEGIN
    UPDATE license_tallies SET n = n - 1, used = used - OLD.activations_used
     WHERE shard = unicode(substr(OLD.id, -1)) % 16 AND state = OLD.state
       AND expires_on = COALESCE(substr(OLD.expires_at, 1, 10), '');
    INSERT INTO license_tallies (shard, state, expires_on, n, used)
    VALUES (unicode(substr(NEW.id, -1)) % 16, NEW.state, COALESCE(substr(NEW.expires_at, 1, 10), ''),
            1, NEW.activations_used)
    ON CONFLICT (shard, state, expires_on)
    DO UPDATE SET n = n + 1, used = used + excluded.used;
END;
