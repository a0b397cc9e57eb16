-- Areas (départements in France; a GeoNames region elsewhere) belong to a country, so that an
-- instance outside France can load its own postal codes beside the shipped French table.
ALTER TABLE geo_departement
    ADD COLUMN country CHAR(2) NOT NULL DEFAULT 'FR' FIRST,
    DROP PRIMARY KEY,
    ADD PRIMARY KEY (country, code);
