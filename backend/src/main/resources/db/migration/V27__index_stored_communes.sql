-- When the geography table changes, people, groups and actions placed on a commune's point move to
-- its new point, one commune at a time (GeoDatasetChanged): these indexes make each move read only
-- that commune's rows instead of the whole table.
CREATE INDEX idx_person_commune ON person (insee_code, postal_code);
CREATE INDEX idx_support_group_commune ON support_group (insee_code, postal_code);
CREATE INDEX idx_event_commune ON event (insee_code, postal_code);
