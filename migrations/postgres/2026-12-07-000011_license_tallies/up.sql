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
SELECT ascii(right(id, 1)) % 16, state, COALESCE(to_char(expires_at, 'YYYY-MM-DD'), ''), count(*),
       sum(activations_used)
  FROM licenses GROUP BY 1, 2, 3;

-- One statement's changes, added up per tally row: licenses inserted count in, deleted
-- ones out, updated ones out as they were and in as they are (a change that moves nothing,
-- such as the row lock an activation takes, writes nothing). The rows are written in key
-- order, so two statements never wait for each other's tally rows in a circle.
CREATE FUNCTION license_tallies_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO license_tallies AS t (shard, state, expires_on, n, used)
        SELECT ascii(right(id, 1)) % 16, state, COALESCE(to_char(expires_at, 'YYYY-MM-DD'), ''),
               count(*), sum(activations_used)
          FROM new_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (shard, state, expires_on)
        DO UPDATE SET n = t.n + excluded.n, used = t.used + excluded.used;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO license_tallies AS t (shard, state, expires_on, n, used)
        SELECT ascii(right(id, 1)) % 16, state, COALESCE(to_char(expires_at, 'YYYY-MM-DD'), ''),
               -count(*), -sum(activations_used)
          FROM old_rows GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (shard, state, expires_on)
        DO UPDATE SET n = t.n + excluded.n, used = t.used + excluded.used;
    ELSE
        INSERT INTO license_tallies AS t (shard, state, expires_on, n, used)
        SELECT shard, state, expires_on, sum(n), sum(used) FROM (
            SELECT ascii(right(id, 1)) % 16 AS shard, state,
                   COALESCE(to_char(expires_at, 'YYYY-MM-DD'), '') AS expires_on,
                   -1 AS n, -activations_used AS used
              FROM old_rows
            UNION ALL
            SELECT ascii(right(id, 1)) % 16, state, COALESCE(to_char(expires_at, 'YYYY-MM-DD'), ''),
                   1, activations_used
              FROM new_rows
        ) moved
        GROUP BY 1, 2, 3 HAVING sum(n) <> 0 OR sum(used) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (shard, state, expires_on)
        DO UPDATE SET n = t.n + excluded.n, used = t.used + excluded.used;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER license_tallies_insert AFTER INSERT ON licenses
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION license_tallies_keep();
CREATE TRIGGER license_tallies_delete AFTER DELETE ON licenses
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION license_tallies_keep();
CREATE TRIGGER license_tallies_update AFTER UPDATE ON licenses
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION license_tallies_keep();
