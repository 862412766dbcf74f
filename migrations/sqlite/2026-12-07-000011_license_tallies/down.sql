DROP TRIGGER license_tallies_update;
DROP TRIGGER license_tallies_delete;
DROP TRIGGER license_tallies_insert;
DROP TABLE license_tallies;
