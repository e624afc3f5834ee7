-- One-time codes a technician types on a new unit to fetch its id and secret. Only a hash is kept.
CREATE TABLE enrolment_code (
    code_hash       TEXT PRIMARY KEY,
    device_id       TEXT    NOT NULL REFERENCES device (id),
    created_by      TEXT,
    created_at      ${bigint} NOT NULL,
    expires_at      ${bigint} NOT NULL,
    used_at         ${bigint},
    used_from       TEXT
);
