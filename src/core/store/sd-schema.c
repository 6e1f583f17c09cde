/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-schema"

#include "sd-db.h"
#include "sd-schema-private.h"

/* Sort keys are NOT NULL ('' or 0 when unknown) so that keyset paging compares plain
 * values; money is integer fen; times are UTC seconds. */
static const char migration_1[] =
  "CREATE TABLE shop ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  name TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE staff ("
  "  id INTEGER PRIMARY KEY,"
  "  login TEXT NOT NULL UNIQUE,"
  "  display_name TEXT NOT NULL,"
  "  is_owner INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL);"
  "CREATE TABLE customers ("
  "  id INTEGER PRIMARY KEY,"
  "  platform TEXT NOT NULL DEFAULT 'taobao',"
  "  nick TEXT NOT NULL DEFAULT '',"
  "  name TEXT NOT NULL DEFAULT '',"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  phone_state INTEGER NOT NULL DEFAULT 0 CHECK (phone_state BETWEEN 0 AND 3),"
  "  email TEXT NOT NULL DEFAULT '',"
  "  gender INTEGER NOT NULL DEFAULT 0 CHECK (gender BETWEEN 0 AND 2),"
  "  birthday TEXT NOT NULL DEFAULT '',"
  "  province TEXT NOT NULL DEFAULT '',"
  "  city TEXT NOT NULL DEFAULT '',"
  "  district TEXT NOT NULL DEFAULT '',"
  "  address TEXT NOT NULL DEFAULT '',"
  "  source TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  sms_opt_out_at INTEGER NOT NULL DEFAULT 0,"
  "  sms_opt_out_reason TEXT NOT NULL DEFAULT '',"
  "  total_spent_cents INTEGER NOT NULL DEFAULT 0,"
  "  order_count INTEGER NOT NULL DEFAULT 0,"
  "  first_order_at INTEGER NOT NULL DEFAULT 0,"
  "  last_order_at INTEGER NOT NULL DEFAULT 0,"
  "  refund_count INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE orders ("
  "  id INTEGER PRIMARY KEY,"
  "  platform TEXT NOT NULL DEFAULT 'taobao',"
  "  platform_order_id TEXT NOT NULL,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id),"
  "  amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),"
  "  status TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL,"
  "  paid_at INTEGER NOT NULL DEFAULT 0,"
  "  modified_at INTEGER NOT NULL DEFAULT 0,"
  "  refund_state TEXT NOT NULL DEFAULT 'none',"
  "  refund_cents INTEGER NOT NULL DEFAULT 0 CHECK (refund_cents >= 0),"
  "  counted INTEGER NOT NULL DEFAULT 0,"
  "  refunded INTEGER NOT NULL DEFAULT 0,"
  "  items TEXT NOT NULL DEFAULT '[]');"
  "CREATE TABLE customer_tags ("
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  tag TEXT NOT NULL,"
  "  PRIMARY KEY (customer_id, tag)) WITHOUT ROWID;"
  "CREATE INDEX customer_tags_tag ON customer_tags (tag, customer_id);"
  "CREATE TABLE customer_notes ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  author_id INTEGER REFERENCES staff (id),"
  "  author_name TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL);"
  "CREATE INDEX customer_notes_customer ON customer_notes (customer_id, created_at);"
  "CREATE TABLE import_runs ("
  "  id INTEGER PRIMARY KEY,"
  "  kind TEXT NOT NULL,"
  "  fingerprint TEXT NOT NULL,"
  "  file_name TEXT NOT NULL,"
  "  started_at INTEGER NOT NULL,"
  "  finished_at INTEGER NOT NULL DEFAULT 0,"
  "  rows_done INTEGER NOT NULL DEFAULT 0,"
  "  inserted INTEGER NOT NULL DEFAULT 0,"
  "  updated INTEGER NOT NULL DEFAULT 0,"
  "  unchanged INTEGER NOT NULL DEFAULT 0,"
  "  skipped INTEGER NOT NULL DEFAULT 0,"
  "  customers_created INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX import_runs_fingerprint ON import_runs (kind, fingerprint, finished_at);"
  "CREATE UNIQUE INDEX customers_platform_nick ON customers (platform, nick) WHERE nick <> '';"
  "CREATE INDEX customers_phone ON customers (phone);"
  "CREATE INDEX customers_nick ON customers (nick);"
  "CREATE INDEX customers_name ON customers (name);"
  "CREATE INDEX customers_city ON customers (city);"
  "CREATE INDEX customers_total_spent ON customers (total_spent_cents);"
  "CREATE INDEX customers_order_count ON customers (order_count);"
  "CREATE INDEX customers_last_order ON customers (last_order_at);"
  "CREATE UNIQUE INDEX orders_platform_id ON orders (platform, platform_order_id);"
  "CREATE INDEX orders_customer ON orders (customer_id, created_at, amount_cents, refund_cents, counted, refunded);";

/* Version 2: the search index (see sd-search-index.c) and its list of customers changed
 * since the last build. */
static const char migration_2[] =
  "CREATE TABLE search_postings ("
  "  gram INTEGER PRIMARY KEY,"
  "  ids BLOB NOT NULL);"
  "CREATE TABLE search_dirty ("
  "  customer_id INTEGER PRIMARY KEY);"
  "CREATE TABLE search_meta ("
  "  key TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL);"
  "INSERT INTO search_dirty (customer_id) SELECT id FROM customers;"
  /* Row counts kept as the rows change, so that a large shop opens without a scan. */
  "CREATE TABLE counters ("
  "  name TEXT PRIMARY KEY,"
  "  value INTEGER NOT NULL) WITHOUT ROWID;"
  "INSERT INTO counters (name, value) SELECT 'customers', count(*) FROM customers;"
  "INSERT INTO counters (name, value) SELECT 'orders', count(*) FROM orders;";

const char _sd_schema_customer_indexes[] =
  "CREATE UNIQUE INDEX IF NOT EXISTS customers_platform_nick ON customers (platform, nick) WHERE nick <> '';"
  "CREATE INDEX IF NOT EXISTS customers_phone ON customers (phone);"
  "CREATE INDEX IF NOT EXISTS customers_nick ON customers (nick);"
  "CREATE INDEX IF NOT EXISTS customers_name ON customers (name);"
  "CREATE INDEX IF NOT EXISTS customers_city ON customers (city);"
  "CREATE INDEX IF NOT EXISTS customers_total_spent ON customers (total_spent_cents);"
  "CREATE INDEX IF NOT EXISTS customers_order_count ON customers (order_count);"
  "CREATE INDEX IF NOT EXISTS customers_last_order ON customers (last_order_at);";

const char _sd_schema_drop_customer_indexes[] =
  "DROP INDEX IF EXISTS customers_platform_nick;"
  "DROP INDEX IF EXISTS customers_phone;"
  "DROP INDEX IF EXISTS customers_nick;"
  "DROP INDEX IF EXISTS customers_name;"
  "DROP INDEX IF EXISTS customers_city;"
  "DROP INDEX IF EXISTS customers_total_spent;"
  "DROP INDEX IF EXISTS customers_order_count;"
  "DROP INDEX IF EXISTS customers_last_order;";

const char _sd_schema_order_indexes[] =
  "CREATE UNIQUE INDEX IF NOT EXISTS orders_platform_id ON orders (platform, platform_order_id);"
  "CREATE INDEX IF NOT EXISTS orders_customer ON orders (customer_id, created_at, amount_cents, refund_cents, counted, refunded);";

const char _sd_schema_drop_order_indexes[] =
  "DROP INDEX IF EXISTS orders_platform_id;"
  "DROP INDEX IF EXISTS orders_customer;";

const char *
_sd_schema_migration (int version)
{
  switch (version)
    {
    case 1:
      return migration_1;
    case 2:
      return migration_2;
    default:
      g_assert_not_reached ();
    }
}
