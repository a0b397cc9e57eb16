-- Where a postal code of Paris, Lyon or Marseille covers several municipal arrondissements, the one
-- it is named after is the code's place (13004 is mostly the 4th; by population the 12th would win).
-- Filled by GeoDatasetLoader from the shipped table's "main" column; FALSE elsewhere.
ALTER TABLE geo_postal_code ADD COLUMN main BOOLEAN NOT NULL DEFAULT FALSE;
