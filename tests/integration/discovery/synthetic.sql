-- A PostgreSQL schema with every construct discovery must report, in two schemas.
CREATE SCHEMA crm;
CREATE SCHEMA sales;
CREATE TYPE crm.tier AS ENUM ('bronze', 'silver', 'gold');
CREATE DOMAIN crm.us_zip AS varchar(5) CONSTRAINT us_zip_digits CHECK (VALUE ~ '^[0-9]{5}$');

CREATE TABLE crm.customers (
    id bigint GENERATED ALWAYS AS IDENTITY (START WITH 100 INCREMENT BY 5) PRIMARY KEY,
    legacy_no serial,
    email text NOT NULL CONSTRAINT customers_email_key UNIQUE,
    tier crm.tier NOT NULL DEFAULT 'bronze',
    zip crm.us_zip,
    tags text[],
    tiers_seen crm.tier[],
    profile jsonb,
    search tsvector,
    credit numeric(10, 2) CONSTRAINT credit_non_negative CHECK (credit >= 0),
    email_domain text GENERATED ALWAYS AS (split_part(email, '@', 2)) STORED
);
COMMENT ON TABLE crm.customers IS 'People who buy';
COMMENT ON COLUMN crm.customers.email IS 'login e-mail';
CREATE INDEX customers_vip_email ON crm.customers (lower(email)) WHERE tier <> 'bronze';
CREATE INDEX customers_search ON crm.customers USING gin (search);

-- Cyclic, deferrable foreign keys across the two schemas, plus a self reference.
CREATE TABLE sales.departments (id int PRIMARY KEY, name text NOT NULL, manager_id int);
CREATE TABLE crm.employees (
    id int PRIMARY KEY,
    department_id int NOT NULL,
    boss_id int CONSTRAINT employees_boss_fk REFERENCES crm.employees (id) ON DELETE SET NULL
);
ALTER TABLE sales.departments ADD CONSTRAINT departments_manager_fk
    FOREIGN KEY (manager_id) REFERENCES crm.employees (id) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE crm.employees ADD CONSTRAINT employees_department_fk
    FOREIGN KEY (department_id) REFERENCES sales.departments (id) DEFERRABLE INITIALLY DEFERRED;

-- Composite primary key and a composite foreign key whose column order differs from the key's.
CREATE TABLE sales.orders (
    region char(2),
    order_no int,
    customer_email text CONSTRAINT orders_customer_email_fk
        REFERENCES crm.customers (email) ON UPDATE CASCADE,
    placed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region, order_no)
);
CREATE TABLE sales.order_lines (
    line_no int,
    order_no int,
    region char(2),
    qty int CONSTRAINT qty_positive CHECK (qty > 0),
    PRIMARY KEY (region, order_no, line_no),
    CONSTRAINT order_lines_order_fk FOREIGN KEY (order_no, region)
        REFERENCES sales.orders (order_no, region) ON DELETE CASCADE
);

-- A partitioned table (with a default partition) referenced by a foreign key: PostgreSQL clones
-- that key once per partition; discovery must report it once.
CREATE TABLE sales.events (id bigint, day date NOT NULL, kind text, PRIMARY KEY (id, day))
    PARTITION BY RANGE (day);
CREATE TABLE sales.events_2024 PARTITION OF sales.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE sales.events_other PARTITION OF sales.events DEFAULT;
CREATE TABLE sales.event_notes (
    note_id int PRIMARY KEY,
    event_id bigint NOT NULL,
    event_day date NOT NULL,
    CONSTRAINT event_notes_event_fk FOREIGN KEY (event_id, event_day) REFERENCES sales.events (id, day)
);

CREATE VIEW sales.big_lines AS SELECT * FROM sales.order_lines WHERE qty > 10;
CREATE MATERIALIZED VIEW sales.orders_per_region AS SELECT region, count(*) AS n FROM sales.orders GROUP BY region;

INSERT INTO crm.customers (email, tier, zip, tags, tiers_seen, profile, search, credit)
SELECT 'c' || g || '@example.com', (ARRAY['bronze', 'silver', 'gold'])[1 + g % 3]::crm.tier,
       lpad((10000 + g)::text, 5, '0'), ARRAY['t' || g % 4], ARRAY['gold']::crm.tier[],
       jsonb_build_object('n', g), to_tsvector('simple', 'customer number ' || g), g * 1.5
FROM generate_series(1, 60) g;
INSERT INTO sales.departments VALUES (1, 'Sales', NULL);
INSERT INTO crm.employees VALUES (1, 1, NULL), (2, 1, 1);
UPDATE sales.departments SET manager_id = 1;
INSERT INTO sales.orders (region, order_no, customer_email)
SELECT (ARRAY['EU', 'US'])[1 + g % 2], g, 'c' || (1 + g % 60) || '@example.com' FROM generate_series(1, 120) g;
INSERT INTO sales.order_lines SELECT l, o.order_no, o.region, l * 4 FROM sales.orders o, generate_series(1, 3) l;
INSERT INTO sales.events SELECT g, date '2023-12-01' + g, 'k' || g % 3 FROM generate_series(1, 100) g;
INSERT INTO sales.event_notes VALUES (1, 50, date '2023-12-01' + 50);
REFRESH MATERIALIZED VIEW sales.orders_per_region;
