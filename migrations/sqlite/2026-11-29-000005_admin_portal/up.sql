-- Nothing to add on SQLite: its text compares byte by byte, so the unique index on
-- license_key already serves the command palette's prefix search. The folder exists so
-- both backends keep the same migration list.
SELECT 1;
