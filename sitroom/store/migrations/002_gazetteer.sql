-- sitroom schema v2: places a user imported from a GeoNames dump (sitroom gazetteer import).
-- Portable SQL: runs unchanged on SQLite and PostgreSQL.

CREATE TABLE places (
    place_id TEXT PRIMARY KEY,        -- "geonames:<geonameid>"
    name TEXT NOT NULL,
    variants TEXT NOT NULL,           -- alternate names, "|"-separated
    kind TEXT NOT NULL,               -- city | town | village | district | base | facility | region | admin1 | admin2 | country
    feature_class TEXT,
    feature_code TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    country_code TEXT,
    country TEXT,
    admin1 TEXT,
    population INTEGER
);
CREATE INDEX places_country ON places (country_code);

-- Every name of a place under its normalised key and consonant skeleton (see sitroom.normalize.places).
CREATE TABLE place_names (
    name_key TEXT NOT NULL,
    skeleton TEXT NOT NULL,
    place_id TEXT NOT NULL
);
CREATE INDEX place_names_key ON place_names (name_key);
CREATE INDEX place_names_skeleton ON place_names (skeleton);
CREATE INDEX place_names_place ON place_names (place_id);

-- GeoNames admin1 codes ("SY.07") and their names, from admin1CodesASCII.txt or sitroom's built-in table.
CREATE TABLE admin1_codes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
