-- Communes are found by name as well as by postal code: name_key is the name without accents,
-- case or punctuation ("Saint-Étienne" -> "saint etienne", "St-Ouen" -> "saint ouen"), written by
-- GeoDatasetLoader and GeoNamesImport with geo.PlaceNames.key, the same function that reads what
-- people type. The loader's checksum includes its format, so the next start fills the column.
ALTER TABLE geo_postal_code ADD COLUMN name_key VARCHAR(160) NOT NULL DEFAULT '';
CREATE INDEX idx_geo_postal_code_name ON geo_postal_code (country, name_key);
