-- Shapes the subsetters in the field get wrong, in two schemas, with odd types everywhere.
-- Three sections: the tables (a target gets only these), then the keys (added to a target after its
-- rows are loaded: they must validate), then the data, each after its marker line.
CREATE SCHEMA shop;
CREATE SCHEMA ref;
CREATE TYPE shop.mood AS ENUM ('calm', 'busy', 'weird ''one''');
CREATE DOMAIN shop.positive_money AS numeric(12, 2) CHECK (VALUE >= 0);
CREATE TYPE shop.pair AS (a int, b text);

-- Natural varchar key, referenced twice from the same table (two FKs between the same tables).
CREATE TABLE ref.airports (code varchar(3) NOT NULL, name text NOT NULL);
CREATE TABLE shop.flights (
    id int NOT NULL, from_airport varchar(3) NOT NULL, to_airport varchar(3), departs timestamp NOT NULL
);
-- A unique non-PK column that a foreign key references.
CREATE TABLE shop.accounts (id int NOT NULL, code text NOT NULL, owner text);
-- Root table with every odd type.
CREATE TABLE shop.customers (
    id bigint GENERATED ALWAYS AS IDENTITY, account_code text, home_airport varchar(3),
    referred_by bigint, mood shop.mood, tags text[], moods shop.mood[], profile jsonb, doc json,
    search tsvector, balance shop.positive_money, fee money, wait interval, token uuid, photo bytea,
    seen timestamptz, born date, wakes time, wakes_tz timetz, ip inet, mask bit(4), ratio double precision,
    score real, big numeric, exact numeric(38, 10), note text, code char(4), pair shop.pair,
    span int4range, flag boolean, shouty text GENERATED ALWAYS AS (upper(note)) STORED
);
-- Two-table cycle, both FKs nullable.
CREATE TABLE shop.teams (id int NOT NULL, captain_id int, name text);
CREATE TABLE shop.players (id int NOT NULL, team_id int, customer_id bigint);
-- Two-table cycle, one FK NOT NULL.
CREATE TABLE shop.depts (id int NOT NULL, head_id int);
CREATE TABLE shop.staff (id int NOT NULL, dept_id int NOT NULL, boss_id int);
-- Composite key and a composite FK whose columns come in another order than the key's.
CREATE TABLE shop.orders (region char(2) NOT NULL, order_no int NOT NULL, customer_id bigint NOT NULL,
                          staff_id int, placed timestamptz NOT NULL);
CREATE TABLE shop.lines (line_no int NOT NULL, order_no int NOT NULL, region char(2) NOT NULL, qty int,
                         sku text);
-- No key at all, and a virtual FK (declared in the schema version, not in the database).
CREATE TABLE shop.audit (subject_id bigint, what text, at timestamptz);
-- A partitioned child.
CREATE TABLE shop.visits (id int NOT NULL, day date NOT NULL, customer_id bigint NOT NULL)
    PARTITION BY RANGE (day);
CREATE TABLE shop.visits_2024 PARTITION OF shop.visits FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE shop.visits_rest PARTITION OF shop.visits DEFAULT;
-- @keys
ALTER TABLE ref.airports ADD PRIMARY KEY (code);
ALTER TABLE shop.flights ADD PRIMARY KEY (id);
ALTER TABLE shop.flights ADD CONSTRAINT flights_from_fk FOREIGN KEY (from_airport) REFERENCES ref.airports (code);
ALTER TABLE shop.flights ADD CONSTRAINT flights_to_fk FOREIGN KEY (to_airport) REFERENCES ref.airports (code);
ALTER TABLE shop.accounts ADD PRIMARY KEY (id);
ALTER TABLE shop.accounts ADD CONSTRAINT accounts_code_key UNIQUE (code);
ALTER TABLE shop.customers ADD PRIMARY KEY (id);
ALTER TABLE shop.customers ADD CONSTRAINT customers_token_key UNIQUE (token);
ALTER TABLE shop.customers ADD CONSTRAINT customers_account_fk FOREIGN KEY (account_code) REFERENCES shop.accounts (code);
ALTER TABLE shop.customers ADD CONSTRAINT customers_airport_fk FOREIGN KEY (home_airport) REFERENCES ref.airports (code);
ALTER TABLE shop.customers ADD CONSTRAINT customers_referrer_fk FOREIGN KEY (referred_by) REFERENCES shop.customers (id);
ALTER TABLE shop.teams ADD PRIMARY KEY (id);
ALTER TABLE shop.players ADD PRIMARY KEY (id);
ALTER TABLE shop.teams ADD CONSTRAINT teams_captain_fk FOREIGN KEY (captain_id) REFERENCES shop.players (id);
ALTER TABLE shop.players ADD CONSTRAINT players_team_fk FOREIGN KEY (team_id) REFERENCES shop.teams (id);
ALTER TABLE shop.players ADD CONSTRAINT players_customer_fk FOREIGN KEY (customer_id) REFERENCES shop.customers (id);
ALTER TABLE shop.depts ADD PRIMARY KEY (id);
ALTER TABLE shop.staff ADD PRIMARY KEY (id);
ALTER TABLE shop.depts ADD CONSTRAINT depts_head_fk FOREIGN KEY (head_id) REFERENCES shop.staff (id);
ALTER TABLE shop.staff ADD CONSTRAINT staff_dept_fk FOREIGN KEY (dept_id) REFERENCES shop.depts (id);
ALTER TABLE shop.staff ADD CONSTRAINT staff_boss_fk FOREIGN KEY (boss_id) REFERENCES shop.staff (id);
ALTER TABLE shop.orders ADD PRIMARY KEY (region, order_no);
ALTER TABLE shop.orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES shop.customers (id);
ALTER TABLE shop.orders ADD CONSTRAINT orders_staff_fk FOREIGN KEY (staff_id) REFERENCES shop.staff (id);
ALTER TABLE shop.lines ADD PRIMARY KEY (region, order_no, line_no);
ALTER TABLE shop.lines ADD CONSTRAINT lines_order_fk FOREIGN KEY (order_no, region) REFERENCES shop.orders (order_no, region);
ALTER TABLE shop.visits ADD PRIMARY KEY (id, day);
ALTER TABLE shop.visits ADD CONSTRAINT visits_customer_fk FOREIGN KEY (customer_id) REFERENCES shop.customers (id);
-- @data
INSERT INTO ref.airports VALUES ('CDG', 'Paris'), ('JFK', 'New York'), ('NRT', 'Tokyo'), ('GRU', 'São Paulo');
INSERT INTO shop.flights VALUES (1, 'CDG', 'JFK', '2024-05-01 10:00'), (2, 'JFK', 'NRT', '2024-05-02 11:00'),
                                (3, 'NRT', NULL, '2024-05-03 12:00');
INSERT INTO shop.accounts SELECT g, 'ACC-' || g, 'owner ' || g FROM generate_series(1, 30) g;
INSERT INTO shop.customers (account_code, home_airport, referred_by, mood, tags, moods, profile, doc, search,
                            balance, fee, wait, token, photo, seen, born, wakes, wakes_tz, ip, mask, ratio,
                            score, big, exact, note, code, pair, span, flag)
SELECT 'ACC-' || (1 + g % 30),
       (ARRAY['CDG', 'JFK', 'NRT', 'GRU'])[1 + g % 4],
       NULL,
       (ARRAY['calm', 'busy', 'weird ''one''']::shop.mood[])[1 + g % 3],
       ARRAY['a,b', 'quote"d', NULL, '{brace}'],
       ARRAY['calm', 'weird ''one''']::shop.mood[],
       jsonb_build_object('n', g, 'nested', jsonb_build_array(1, 'two', NULL)),
       ('{"raw": "  spaced  ", "n": ' || g || '}')::json,
       to_tsvector('simple', 'customer ' || g),
       g * 10.5, (g * 1.25)::numeric::money, make_interval(days => g, secs => g * 1.5),
       md5(g::text)::uuid, decode(lpad(to_hex(g), 6, '0') || '00ff', 'hex'),
       CASE WHEN g = 7 THEN 'infinity'::timestamptz ELSE timestamptz '2024-01-01 12:00:00+02' + g * interval '1 hour' END,
       CASE WHEN g = 8 THEN '0044-03-15 BC'::date ELSE date '1990-01-01' + g END,
       time '06:30' + g * interval '1 minute', timetz '06:30+05:30', ('10.0.0.' || g)::inet, B'1010',
       CASE WHEN g = 9 THEN 'NaN'::float8 WHEN g = 10 THEN '-Infinity'::float8 ELSE g / 3.0 END,
       g / 7.0, CASE WHEN g = 11 THEN 'NaN'::numeric ELSE 10::numeric ^ 40 + g END, g / 3.0,
       CASE g % 5 WHEN 0 THEN NULL WHEN 1 THEN '' WHEN 2 THEN E'line\nbreak, "quoted" and \\backslash\t'
                  WHEN 3 THEN 'émoji 🚀 ünïcode' ELSE 'NULL' END,
       'c' || g, ROW(g, 'p' || g)::shop.pair, int4range(g, g + 10), g % 2 = 0
FROM generate_series(1, 40) g;
UPDATE shop.customers SET referred_by = id - 1 WHERE id % 3 = 0;
INSERT INTO shop.teams VALUES (1, NULL, 'red'), (2, NULL, 'blue');
INSERT INTO shop.players SELECT g, 1 + g % 2, g FROM generate_series(1, 8) g;
UPDATE shop.teams SET captain_id = id + 2;
INSERT INTO shop.depts VALUES (1, NULL), (2, NULL);
INSERT INTO shop.staff VALUES (1, 1, NULL), (2, 1, 1), (3, 2, 2), (4, 2, 3);
UPDATE shop.depts SET head_id = CASE id WHEN 1 THEN 1 ELSE 3 END;
INSERT INTO shop.orders SELECT (ARRAY['EU', 'US'])[1 + g % 2], g, 1 + g % 40, 1 + g % 4,
                               timestamptz '2024-03-01' + g * interval '1 day' FROM generate_series(1, 80) g;
INSERT INTO shop.lines SELECT l, o.order_no, o.region, l * 2, 'SKU,' || l FROM shop.orders o, generate_series(1, 3) l;
INSERT INTO shop.audit SELECT 1 + g % 45, 'event ' || g, timestamptz '2024-01-01' + g * interval '1 hour'
FROM generate_series(1, 100) g;
INSERT INTO shop.audit SELECT 5, 'event 5', timestamptz '2024-01-01 05:00+00' FROM generate_series(1, 2);
INSERT INTO shop.visits SELECT g, date '2023-12-20' + g, 1 + g % 40 FROM generate_series(1, 60) g;
