-- Measured at a million people (docs/benchmarks.md): "within N km" read a whole band of latitude,
-- and sorting by last activity had no index. The 0.1° square of a person's point, as for actions
-- (V10), lets a circle of a few kilometres read a few thousand rows.
ALTER TABLE person
    ADD COLUMN geo_cell INT AS (FLOOR((lat + 90) * 10) * 3600 + FLOOR((lng + 180) * 10)) PERSISTENT,
    ADD KEY idx_person_cell (geo_cell, lat, lng),
    ADD KEY idx_person_last_active (last_active_at);
