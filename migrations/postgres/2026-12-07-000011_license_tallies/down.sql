DROP TRIGGER license_tallies_update ON licenses;
DROP TRIGGER license_tallies_delete ON licenses;
DROP TRIGGER license_tallies_insert ON licenses;
DROP FUNCTION license_tallies_keep();
DROP TABLE license_tallies;
