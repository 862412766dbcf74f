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

-- (license id, state, expires_at, change of n, change of used)
CREATE FUNCTION license_tally(TEXT, TEXT, TIMESTAMP, BIGINT, BIGINT) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO license_tallies AS t (shard, state, expires_on, n, used)
    VALUES (ascii(right($1, 1)) % 16, $2, COALESCE(to_char($3, 'YYYY-MM-DD'), ''), $4, $5)
    ON CONFLICT (shard, state, expires_on)
    DO UPDATE SET n = t.n + excluded.n, used = t.used + excluded.used
$$;

CREATE FUNCTION license_tallies_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM license_tally(NEW.id, NEW.state, NEW.expires_at, 1, NEW.activations_used);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM license_tally(OLD.id, OLD.state, OLD.expires_at, -1, -OLD.activations_used);
    -- Both rows of one shard in one order (the smaller key first): two transactions moving
    -- licenses in opposite directions never wait for each other in a circle.
    ELSIF (OLD.state, COALESCE(OLD.expires_at::date, 'infinity'))
        < (NEW.state, COALESCE(NEW.expires_at::date, 'infinity')) THEN
        PERFORM license_tally(OLD.id, OLD.state, OLD.expires_at, -1, -OLD.activations_used);
        PERFORM license_tally(NEW.id, NEW.state, NEW.expires_at, 1, NEW.activations_used);
    ELSE
        PERFORM license_tally(NEW.id, NEW.state, NEW.expires_at, 1, NEW.activations_used);
        PERFORM license_tally(OLD.id, OLD.state, OLD.expires_at, -1, -OLD.activations_used);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER license_tallies_insert AFTER INSERT ON licenses
    FOR EACH ROW EXECUTE FUNCTION license_tallies_keep();
CREATE TRIGGER license_tallies_delete AFTER DELETE ON licenses
    FOR EACH ROW EXECUTE FUNCTION license_tallies_keep();
CREATE TRIGGER license_tallies_update AFTER UPDATE ON licenses
    FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state
          OR OLD.expires_at::date IS DISTINCT FROM NEW.expires_at::date
          OR OLD.activations_used IS DISTINCT FROM NEW.activations_used)
    EXECUTE FUNCTION license_tallies_keep();
