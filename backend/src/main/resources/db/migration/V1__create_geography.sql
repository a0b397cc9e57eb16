-- Postal code -> commune -> point, loaded at start-up from classpath:geo/*.csv by GeoDatasetLoader.
CREATE TABLE geo_postal_code (
    country      CHAR(2)      NOT NULL,
    postal_code  VARCHAR(10)  NOT NULL,
    insee_code   VARCHAR(10)  NOT NULL,
    commune      VARCHAR(120) NOT NULL,
    departement  VARCHAR(3)   NOT NULL,
    population   INT          NOT NULL DEFAULT 0,
    lat          DOUBLE       NOT NULL,
    lng          DOUBLE       NOT NULL,
    geo_precision VARCHAR(12) NOT NULL,
    PRIMARY KEY (country, postal_code, insee_code),
    KEY idx_geo_postal_code_insee (insee_code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE geo_departement (
    code    VARCHAR(3)   NOT NULL PRIMARY KEY,
    name    VARCHAR(80)  NOT NULL,
    region  VARCHAR(3)   NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Which version of each shipped data set is loaded (SHA-256 of the file).
CREATE TABLE geo_dataset (
    name       VARCHAR(40) NOT NULL PRIMARY KEY,
    checksum   CHAR(64)    NOT NULL,
    row_count  INT         NOT NULL,
    loaded_at  DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
