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

/* Version 3: staff accounts with passwords, departments, roles and their permissions, and
 * the audit log. Built-in roles and departments have a key and no name until the owner
 * renames them: their names are shown translated. The owner role (key 'owner') holds
 * every permission whatever role_permissions says. staff.is_owner now marks the shop's
 * main account (主账号); holding the Owner role is what makes an owner. */
static const char migration_3[] =
  "CREATE TABLE roles ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL DEFAULT '',"
  "  name TEXT NOT NULL DEFAULT '',"
  "  created_at INTEGER NOT NULL);"
  "CREATE UNIQUE INDEX roles_key ON roles (key) WHERE key <> '';"
  "CREATE UNIQUE INDEX roles_name ON roles (name) WHERE name <> '';"
  "CREATE TABLE role_permissions ("
  "  role_id INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,"
  "  permission TEXT NOT NULL,"
  "  PRIMARY KEY (role_id, permission)) WITHOUT ROWID;"
  "CREATE TABLE departments ("
  "  id INTEGER PRIMARY KEY,"
  "  key TEXT NOT NULL DEFAULT '',"
  "  name TEXT NOT NULL DEFAULT '',"
  "  position INTEGER NOT NULL DEFAULT 0);"
  "CREATE UNIQUE INDEX departments_name ON departments (name) WHERE name <> '';"
  "INSERT INTO departments (id, key, position) VALUES"
  "  (1, 'presales', 1), (2, 'insale', 2), (3, 'aftersales', 3), (4, 'warehouse', 4);"
  "INSERT INTO roles (id, key, name, created_at) VALUES "
  "  (1, 'owner', '', 0), (2, 'manager', '', 0), (3, 'presales', '', 0),"
  "  (4, 'aftersales', '', 0), (5, 'marketing', '', 0);"
  "INSERT INTO role_permissions (role_id, permission) VALUES "
  "  (1, 'customers.view'),"
  "  (1, 'customers.edit'),"
  "  (1, 'customers.contact'),"
  "  (1, 'customers.import'),"
  "  (1, 'customers.export'),"
  "  (1, 'customers.merge'),"
  "  (1, 'tiers.manage'),"
  "  (1, 'campaigns.compose'),"
  "  (1, 'campaigns.send'),"
  "  (1, 'staff.manage'),"
  "  (1, 'settings.connections'),"
  "  (1, 'conversations.own'),"
  "  (1, 'conversations.all'),"
  "  (1, 'cases.handle'),"
  "  (1, 'reports.own'),"
  "  (1, 'reports.all'),"
  "  (1, 'audit.view'),"
  "  (2, 'customers.view'),"
  "  (2, 'customers.edit'),"
  "  (2, 'customers.contact'),"
  "  (2, 'customers.import'),"
  "  (2, 'customers.export'),"
  "  (2, 'customers.merge'),"
  "  (2, 'tiers.manage'),"
  "  (2, 'campaigns.compose'),"
  "  (2, 'conversations.all'),"
  "  (2, 'cases.handle'),"
  "  (2, 'reports.all'),"
  "  (3, 'customers.view'),"
  "  (3, 'customers.edit'),"
  "  (3, 'conversations.own'),"
  "  (3, 'reports.own'),"
  "  (4, 'customers.view'),"
  "  (4, 'customers.edit'),"
  "  (4, 'conversations.own'),"
  "  (4, 'cases.handle'),"
  "  (4, 'reports.own'),"
  "  (5, 'customers.view'),"
  "  (5, 'tiers.manage'),"
  "  (5, 'campaigns.compose'),"
  "  (5, 'reports.all');"
  "ALTER TABLE staff ADD COLUMN full_name TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE staff ADD COLUMN department_id INTEGER REFERENCES departments (id);"
  "ALTER TABLE staff ADD COLUMN role_id INTEGER REFERENCES roles (id);"
  "ALTER TABLE staff ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE staff ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE staff ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE staff ADD COLUMN locked_until INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE staff ADD COLUMN last_login_at INTEGER NOT NULL DEFAULT 0;"
  "UPDATE staff SET full_name = login, role_id = 1 WHERE is_owner = 1;"
  "CREATE UNIQUE INDEX staff_full_name ON staff (full_name) WHERE full_name <> '';"
  "CREATE TABLE audit_log ("
  "  id INTEGER PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  staff_id INTEGER,"
  "  staff_name TEXT NOT NULL DEFAULT '',"
  "  action TEXT NOT NULL,"
  "  object_kind TEXT NOT NULL DEFAULT '',"
  "  object_id TEXT NOT NULL DEFAULT '',"
  "  detail TEXT NOT NULL DEFAULT '',"
  "  prev_hash TEXT NOT NULL,"
  "  hash TEXT NOT NULL);"
  "CREATE INDEX audit_log_at ON audit_log (at);"
  "CREATE INDEX audit_log_staff ON audit_log (staff_id, at);"
  "CREATE INDEX audit_log_action ON audit_log (action, at);"
  /* Append-only for ShopDesk itself; what edits the file by hand the hash chain shows. */
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  "  BEGIN SELECT RAISE (ABORT, 'the audit log is append-only'); END;";

/* Version 4: tiers, RFM and segments.
 * tier_grades is the shop's membership ladder (Taobao's 店铺客户 → 至尊VIP会员): each grade is
 * reached by total paid (fen) or by trade count, per grade; name '' shows the built-in
 * translated name. Grade 0 is the floor every customer stands on.
 * customers.tier is the grade held (-1 = not computed yet); a pinned tier is set by hand
 * and survives recomputes. custom_tier_id is the first matching tier_rules row (0 = none).
 * rfm_r/f/m are quintile scores 1–5 (0 = not scored: no counted order); rfm_cuts keeps the
 * quintile boundaries of the last recompute, so that a recompute of a few customers knows
 * whether everyone else's scores still stand. */
static const char migration_4[] =
  "CREATE TABLE segments ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  expression TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE TABLE tier_grades ("
  "  grade INTEGER PRIMARY KEY CHECK (grade BETWEEN 0 AND 4),"
  "  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
  "  basis TEXT NOT NULL DEFAULT 'amount' CHECK (basis IN ('amount', 'count')),"
  "  threshold INTEGER NOT NULL DEFAULT 0 CHECK (threshold >= 0),"
  "  discount_permille INTEGER NOT NULL DEFAULT 1000 CHECK (discount_permille BETWEEN 700 AND 1000),"
  "  name TEXT NOT NULL DEFAULT '');"
  "INSERT INTO tier_grades (grade, enabled, basis, threshold, discount_permille) VALUES"
  "  (0, 1, 'amount', 0, 1000),"
  "  (1, 1, 'count', 1, 980),"
  "  (2, 1, 'amount', 100000, 950),"
  "  (3, 1, 'amount', 500000, 900),"
  "  (4, 1, 'amount', 2000000, 850);"
  "CREATE TABLE tier_rules ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE,"
  "  priority INTEGER NOT NULL DEFAULT 0,"
  "  condition TEXT NOT NULL,"
  "  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL);"
  "CREATE INDEX tier_rules_priority ON tier_rules (priority, id);"
  "CREATE TABLE tier_history ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customers (id) ON DELETE CASCADE,"
  "  from_tier INTEGER NOT NULL,"
  "  to_tier INTEGER NOT NULL,"
  "  from_custom_tier_id INTEGER NOT NULL DEFAULT 0,"
  "  to_custom_tier_id INTEGER NOT NULL DEFAULT 0,"
  "  at INTEGER NOT NULL,"
  "  cause TEXT NOT NULL CHECK (cause IN ('rule', 'import', 'sync', 'manual', 'recompute', 'unpin')),"
  "  detail TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX tier_history_customer ON tier_history (customer_id, at);"
  "CREATE TABLE rfm_cuts ("
  "  dimension TEXT NOT NULL CHECK (dimension IN ('r', 'f', 'm')),"
  "  k INTEGER NOT NULL CHECK (k BETWEEN 1 AND 4),"
  "  value INTEGER NOT NULL,"
  "  PRIMARY KEY (dimension, k));"
  "ALTER TABLE customers ADD COLUMN tier INTEGER NOT NULL DEFAULT -1;"
  "ALTER TABLE customers ADD COLUMN tier_pinned INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE customers ADD COLUMN tier_pin_reason TEXT NOT NULL DEFAULT '';"
  "ALTER TABLE customers ADD COLUMN custom_tier_id INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE customers ADD COLUMN rfm_r INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE customers ADD COLUMN rfm_f INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE customers ADD COLUMN rfm_m INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE customers ADD COLUMN rfm_group TEXT NOT NULL DEFAULT '';"
  "CREATE INDEX customers_tier ON customers (tier);";

/* Every customer's standing row, made with them. A bulk load into an empty customers table
 * goes without it and adds the rows in one statement after (_sd_store_resume_standing). */
#define STANDING_TRIGGER \
  "CREATE TRIGGER customers_standing AFTER INSERT ON customers" \
  "  BEGIN INSERT INTO customer_standing (customer_id) VALUES (new.id); END;"

const char _sd_schema_standing_trigger[] = STANDING_TRIGGER;

/* Version 5: a customer's standing — grade, pin, custom tier, RFM scores — moves out of
 * customers (200 bytes a row) into customer_standing (about 20), so that a recompute
 * that changes a quarter of a million customers rewrites a few MB of pages, not all of
 * customers. Every customer has exactly one standing row: made by a trigger with the
 * customer (tier -1, not computed yet) and gone with them (CASCADE). rfm_group is not
 * stored any more: it is a function of rfm_r and rfm_f (see sd-rfm.h).
 * tier_history is rebuilt: its CHECK on cause, an IN list, cost 1.8 µs for each row
 * inserted (the same check as ORs, the causes of bulk changes first, costs next to
 * nothing), and its foreign key a lookup in customers, 1.2 µs a row; a trigger deletes a
 * customer's history with them instead.
 * DROP COLUMN refuses an indexed column, hence the index goes first; each DROP COLUMN
 * rewrites the customers table, in a page cache large enough for it for the time of the
 * migration (back to what sd-db.c opens with after): 17 s of CPU for a million customers
 * instead of 19, and far less written to the WAL; 14–16 s in all on 2 cores. */
static const char migration_5[] =
  "PRAGMA cache_size = -524288;"
  "CREATE TABLE customer_standing ("
  "  customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,"
  "  tier INTEGER NOT NULL DEFAULT -1,"
  "  rfm_r INTEGER NOT NULL DEFAULT 0,"
  "  rfm_f INTEGER NOT NULL DEFAULT 0,"
  "  rfm_m INTEGER NOT NULL DEFAULT 0,"
  "  custom_tier_id INTEGER NOT NULL DEFAULT 0,"
  "  tier_pinned INTEGER NOT NULL DEFAULT 0 CHECK (tier_pinned BETWEEN 0 AND 1),"
  "  tier_pin_reason TEXT NOT NULL DEFAULT '');"
  "INSERT INTO customer_standing (customer_id, tier, rfm_r, rfm_f, rfm_m, custom_tier_id, tier_pinned, tier_pin_reason) "
  "  SELECT id, tier, rfm_r, rfm_f, rfm_m, custom_tier_id, tier_pinned, tier_pin_reason FROM customers;"
  "CREATE INDEX customer_standing_tier ON customer_standing (tier);"
  "CREATE TABLE tier_history_5 ("
  "  id INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL,"
  "  from_tier INTEGER NOT NULL,"
  "  to_tier INTEGER NOT NULL,"
  "  from_custom_tier_id INTEGER NOT NULL DEFAULT 0,"
  "  to_custom_tier_id INTEGER NOT NULL DEFAULT 0,"
  "  at INTEGER NOT NULL,"
  "  cause TEXT NOT NULL CHECK (cause = 'recompute' OR cause = 'import' OR cause = 'rule' OR cause = 'sync'"
  "                             OR cause = 'manual' OR cause = 'unpin'),"
  "  detail TEXT NOT NULL DEFAULT '');"
  "INSERT INTO tier_history_5 SELECT id, customer_id, from_tier, to_tier, from_custom_tier_id, to_custom_tier_id, "
  "  at, cause, detail FROM tier_history;"
  "DROP TABLE tier_history;"
  "ALTER TABLE tier_history_5 RENAME TO tier_history;"
  "CREATE INDEX tier_history_customer ON tier_history (customer_id, at);"
  "DROP INDEX customers_tier;"
  "ALTER TABLE customers DROP COLUMN rfm_group;"
  "ALTER TABLE customers DROP COLUMN rfm_m;"
  "ALTER TABLE customers DROP COLUMN rfm_f;"
  "ALTER TABLE customers DROP COLUMN rfm_r;"
  "ALTER TABLE customers DROP COLUMN custom_tier_id;"
  "ALTER TABLE customers DROP COLUMN tier_pin_reason;"
  "ALTER TABLE customers DROP COLUMN tier_pinned;"
  "ALTER TABLE customers DROP COLUMN tier;"
  STANDING_TRIGGER
  "CREATE TRIGGER customers_history_gone AFTER DELETE ON customers"
  "  BEGIN DELETE FROM tier_history WHERE customer_id = old.id; END;"
  "PRAGMA cache_size = -65536;";

/* Version 6: the store connection (one per shop) and its sync state. The secrets are not
 * here: secret_ref names them in the Secret Service. cursor: every order modified before
 * it is in the shop. A first full sync walks created windows up to full_sync_until,
 * full_sync_position being the first window not committed, so a killed sync resumes there.
 * customers.platform_uid is the store's stable buyer id (Taobao buyer_open_uid, Shopify
 * customer id): Taobao fuzzes buyer nicks, so synced trades find their buyer by it. */
static const char migration_6[] =
  "CREATE TABLE store_connection ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  platform TEXT NOT NULL CHECK (platform = 'taobao' OR platform = 'shopify'),"
  "  url TEXT NOT NULL,"
  "  app_key TEXT NOT NULL DEFAULT '',"
  "  sign_method TEXT NOT NULL DEFAULT '',"
  "  api_version TEXT NOT NULL DEFAULT '',"
  "  seller_nick TEXT NOT NULL DEFAULT '',"
  "  seller_id TEXT NOT NULL DEFAULT '',"
  "  secret_ref TEXT NOT NULL DEFAULT '',"
  "  connected_at INTEGER NOT NULL,"
  "  cursor INTEGER NOT NULL DEFAULT 0,"
  "  full_sync_done INTEGER NOT NULL DEFAULT 0,"
  "  full_sync_until INTEGER NOT NULL DEFAULT 0,"
  "  full_sync_position INTEGER NOT NULL DEFAULT 0,"
  "  last_sync_at INTEGER NOT NULL DEFAULT 0,"
  "  last_success_at INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT NOT NULL DEFAULT '',"
  "  needs_authorization INTEGER NOT NULL DEFAULT 0,"
  "  orders_synced INTEGER NOT NULL DEFAULT 0,"
  "  customers_synced INTEGER NOT NULL DEFAULT 0,"
  "  interval_minutes INTEGER NOT NULL DEFAULT 0 CHECK (interval_minutes >= 0));"
  "ALTER TABLE customers ADD COLUMN platform_uid TEXT NOT NULL DEFAULT '';"
  "CREATE UNIQUE INDEX customers_platform_uid ON customers (platform, platform_uid) WHERE platform_uid <> '';";

/* Version 7: SMS campaigns.
 * sms_gateway: the shop's one SMS gateway (Aliyun); its keys are in the Secret Service under
 * secret_ref. sms_settings: sending hours (minutes after midnight, shop time; start > end
 * wraps past midnight), the frequency cap (at most cap_count marketing messages per number
 * in cap_days), the opt-out wording, words the gateway rejects (one a line), the number test
 * sends go to, the price of one billed part in thousandths of a fen.
 * campaigns: template_code is the gateway's approved template; body its text with {name} or
 * ${name} placeholders, without signature or opt-out (kept apart so that neither is lost
 * nor doubled); custom_fields a JSON object of the campaign's own placeholders; the audience
 * is a kind and its value (grade number, segment id, JSON array of tags or of customer ids).
 * campaign_recipients is the outbox, written when the owner confirms: one row a customer of
 * the audience, those left out too (state 'excluded' with the reason, 'holdout'), so that a
 * report says who was not sent and why. A row is committed 'submitting' with its batch
 * before the request leaves; the batch's answer moves it on. A batch still 'submitting'
 * after a crash is reconciled through the gateway (by out_id) before anything is resent.
 * sms_optouts: numbers that refused marketing SMS (a reply R/T/TD, an imported list), apart
 * from customers: a number counts whichever customer carries it.
 * customers.sms_blocked_at: the shop itself keeps this customer out of campaigns. */
static const char migration_7[] =
  "CREATE TABLE sms_gateway ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  kind TEXT NOT NULL CHECK (kind = 'aliyun'),"
  "  url TEXT NOT NULL,"
  "  sign_name TEXT NOT NULL,"
  "  template_code TEXT NOT NULL DEFAULT '',"
  "  secret_ref TEXT NOT NULL DEFAULT '',"
  "  configured_at INTEGER NOT NULL);"
  "CREATE TABLE sms_settings ("
  "  id INTEGER PRIMARY KEY CHECK (id = 1),"
  "  send_start_minute INTEGER NOT NULL DEFAULT 480 CHECK (send_start_minute BETWEEN 0 AND 1439),"
  "  send_end_minute INTEGER NOT NULL DEFAULT 1200 CHECK (send_end_minute BETWEEN 0 AND 1439),"
  "  cap_count INTEGER NOT NULL DEFAULT 1 CHECK (cap_count >= 0),"
  "  cap_days INTEGER NOT NULL DEFAULT 7 CHECK (cap_days >= 0),"
  "  opt_out_text TEXT NOT NULL DEFAULT '拒收请回复R',"
  "  blocked_words TEXT NOT NULL DEFAULT '',"
  "  test_phone TEXT NOT NULL DEFAULT '',"
  "  price_per_part_mfen INTEGER NOT NULL DEFAULT 4500 CHECK (price_per_part_mfen >= 0));"
  "INSERT INTO sms_settings (id) VALUES (1);"
  "CREATE TABLE campaigns ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'scheduled', 'sending', 'paused',"
  "                                                        'done', 'cancelled')),"
  "  template_code TEXT NOT NULL DEFAULT '',"
  "  body TEXT NOT NULL DEFAULT '',"
  "  opt_out_text TEXT NOT NULL DEFAULT '',"
  "  custom_fields TEXT NOT NULL DEFAULT '{}',"
  "  coupon TEXT NOT NULL DEFAULT '',"
  "  audience_kind TEXT NOT NULL DEFAULT 'all' CHECK (audience_kind IN ('all', 'grade', 'segment', 'tags',"
  "                                                                      'customers')),"
  "  audience_value TEXT NOT NULL DEFAULT '',"
  "  holdout_percent INTEGER NOT NULL DEFAULT 0 CHECK (holdout_percent BETWEEN 0 AND 50),"
  "  holdout_seed INTEGER NOT NULL DEFAULT 0,"
  "  scheduled_at INTEGER NOT NULL DEFAULT 0,"
  "  attribution_days INTEGER NOT NULL DEFAULT 7 CHECK (attribution_days BETWEEN 1 AND 90),"
  "  price_per_part_mfen INTEGER NOT NULL DEFAULT 0,"
  "  pause_reason TEXT NOT NULL DEFAULT '',"
  "  created_by INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  confirmed_at INTEGER NOT NULL DEFAULT 0,"
  "  started_at INTEGER NOT NULL DEFAULT 0,"
  "  finished_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE sms_batches ("
  "  id INTEGER PRIMARY KEY,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,"
  "  out_id TEXT NOT NULL UNIQUE,"
  "  state TEXT NOT NULL DEFAULT 'submitting' CHECK (state IN ('submitting', 'answered', 'reconciled')),"
  "  submitted_at INTEGER NOT NULL,"
  "  answered_at INTEGER NOT NULL DEFAULT 0,"
  "  biz_id TEXT NOT NULL DEFAULT '',"
  "  code TEXT NOT NULL DEFAULT '');"
  "CREATE TABLE campaign_recipients ("
  "  id INTEGER PRIMARY KEY,"
  "  campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,"
  "  customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,"
  "  phone TEXT NOT NULL DEFAULT '',"
  "  state TEXT NOT NULL CHECK (state IN ('excluded', 'holdout', 'queued', 'submitting', 'accepted',"
  "                                       'delivered', 'failed', 'withdrawn')),"
  "  exclusion TEXT NOT NULL DEFAULT '' CHECK (exclusion IN ('', 'opted_out', 'no_mobile', 'invalid_mobile',"
  "                                                          'masked_mobile', 'duplicate', 'frequency_cap',"
  "                                                          'blocked')),"
  "  template_param TEXT NOT NULL DEFAULT '',"
  "  parts INTEGER NOT NULL DEFAULT 0,"
  "  batch_id INTEGER REFERENCES sms_batches (id),"
  "  error_code TEXT NOT NULL DEFAULT '',"
  "  queued_at INTEGER NOT NULL DEFAULT 0,"
  "  accepted_at INTEGER NOT NULL DEFAULT 0,"
  "  finished_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX campaign_recipients_campaign ON campaign_recipients (campaign_id, state);"
  "CREATE INDEX campaign_recipients_customer ON campaign_recipients (customer_id);"
  "CREATE INDEX campaign_recipients_batch ON campaign_recipients (batch_id);"
  "CREATE INDEX campaign_recipients_sent ON campaign_recipients (phone, accepted_at) WHERE accepted_at > 0;"
  "CREATE TABLE sms_optouts ("
  "  phone TEXT PRIMARY KEY,"
  "  at INTEGER NOT NULL,"
  "  source TEXT NOT NULL DEFAULT '') WITHOUT ROWID;"
  "ALTER TABLE customers ADD COLUMN sms_blocked_at INTEGER NOT NULL DEFAULT 0;";

/* Schema 8: customer service. A conversation is one chat with one buyer on one channel
 * ('sim' the simulator's live chat, 'import' a chat log brought in from another tool), its
 * channel_ref the channel's own id for it; its customer matched by nick. It waits in the
 * queue of a department (staff_id NULL) until routed to an agent; the timings the KPIs read
 * are kept on it as they happen (first buyer message, first agent reply, closing) and its
 * messages in conversation_messages ('in' from the buyer, 'out' from an agent, 'system').
 * conversation_events: assignment, transfer (with its note), closing, rating.
 * agent_status: whether an agent takes new chats ('online'), keeps their chats but takes no
 * new one ('paused') or is away ('offline'); the concurrent limit and the routing weight.
 * routing_rules: which department a new chat goes to, first match by position.
 * quick_replies (快捷短语): shop-wide (both NULL), a department's, or one agent's own.
 * cases: after-sales cases by type, with their deadline; case_events their history;
 * case_deadlines the hours each type allows (complaints 24 h).
 * The live desk (sd-chat-desk.h): conversations.after_sales / platform_order_id as the
 * channel's 'opened' event gave them (the router reads after_sales); a message's
 * platform_message_id makes a buyer's message stored once, an agent's client_id makes a
 * resend recognised; send_state 'sending' until the platform confirms it, 'failed' with
 * send_error (for people) when it refused or was unreachable. chat_channels: per channel
 * the last seq stored (in the event's transaction), and the shop's connection to it (URL;
 * the token's keyring reference, never the token). */
static const char migration_8[] =
  "CREATE TABLE conversations ("
  "  id INTEGER PRIMARY KEY,"
  "  channel TEXT NOT NULL,"
  "  channel_ref TEXT NOT NULL DEFAULT '',"
  "  buyer_nick TEXT NOT NULL DEFAULT '',"
  "  customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,"
  "  department_id INTEGER REFERENCES departments (id) ON DELETE SET NULL,"
  "  staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  state TEXT NOT NULL DEFAULT 'waiting' CHECK (state IN ('waiting', 'open', 'closed')),"
  "  opened_at INTEGER NOT NULL,"
  "  assigned_at INTEGER NOT NULL DEFAULT 0,"
  "  first_response_at INTEGER NOT NULL DEFAULT 0,"
  "  last_buyer_at INTEGER NOT NULL DEFAULT 0,"
  "  last_agent_at INTEGER NOT NULL DEFAULT 0,"
  "  closed_at INTEGER NOT NULL DEFAULT 0,"
  "  buyer_messages INTEGER NOT NULL DEFAULT 0,"
  "  agent_messages INTEGER NOT NULL DEFAULT 0,"
  "  rating INTEGER NOT NULL DEFAULT 0 CHECK (rating BETWEEN 0 AND 5),"
  "  rated_at INTEGER NOT NULL DEFAULT 0,"
  "  after_sales TEXT NOT NULL DEFAULT '',"
  "  platform_order_id TEXT NOT NULL DEFAULT '');"
  "CREATE UNIQUE INDEX conversations_channel_ref ON conversations (channel, channel_ref) WHERE channel_ref <> '';"
  "CREATE INDEX conversations_queue ON conversations (state, department_id, opened_at);"
  "CREATE INDEX conversations_staff ON conversations (staff_id, state, opened_at);"
  "CREATE INDEX conversations_customer ON conversations (customer_id, opened_at);"
  "CREATE INDEX conversations_opened ON conversations (opened_at);"
  "CREATE TABLE conversation_messages ("
  "  id INTEGER PRIMARY KEY,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'system')),"
  "  staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  text TEXT NOT NULL DEFAULT '',"
  "  quick_reply_id INTEGER,"
  "  platform_message_id TEXT NOT NULL DEFAULT '',"
  "  client_id TEXT NOT NULL DEFAULT '',"
  "  send_state TEXT NOT NULL DEFAULT 'sent' CHECK (send_state IN ('sent', 'sending', 'failed')),"
  "  send_error TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX conversation_messages_conversation ON conversation_messages (conversation_id, at, id);"
  "CREATE UNIQUE INDEX conversation_messages_platform_id ON conversation_messages (conversation_id, platform_message_id)"
  "  WHERE platform_message_id <> '';"
  "CREATE UNIQUE INDEX conversation_messages_client_id ON conversation_messages (client_id) WHERE client_id <> '';"
  "CREATE INDEX conversation_messages_sending ON conversation_messages (send_state) WHERE send_state = 'sending';"
  /* A reply the platform refused never reached the buyer: it is no first response (the
   * KPIs read first_response_at). Sent again, it counts from when it was written. */
  "CREATE TRIGGER conversation_messages_first_response"
  "  AFTER UPDATE OF send_state ON conversation_messages"
  "  WHEN new.direction = 'out' AND (old.send_state = 'failed') <> (new.send_state = 'failed')"
  "  BEGIN UPDATE conversations SET first_response_at = coalesce ("
  "      (SELECT min (m.at) FROM conversation_messages m"
  "        WHERE m.conversation_id = new.conversation_id AND m.direction = 'out' AND m.send_state <> 'failed'"
  "          AND EXISTS (SELECT 1 FROM conversation_messages b WHERE b.conversation_id = new.conversation_id"
  "                        AND b.direction = 'in' AND b.id < m.id)), 0)"
  "    WHERE id = new.conversation_id; END;"
  "CREATE TABLE conversation_events ("
  "  id INTEGER PRIMARY KEY,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('assigned', 'transferred', 'closed', 'reopened', 'rated')),"
  "  by_staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  from_staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  to_staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  note TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX conversation_events_conversation ON conversation_events (conversation_id, at);"
  "CREATE TABLE chat_channels ("
  "  channel TEXT PRIMARY KEY,"
  "  url TEXT NOT NULL DEFAULT '',"
  "  secret_ref TEXT NOT NULL DEFAULT '',"
  "  last_seq INTEGER NOT NULL DEFAULT 0,"
  "  updated_at INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;"
  "CREATE TABLE agent_status ("
  "  staff_id INTEGER PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,"
  "  status TEXT NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'paused', 'offline')),"
  "  max_concurrent INTEGER NOT NULL DEFAULT 5 CHECK (max_concurrent BETWEEN 1 AND 100),"
  "  weight INTEGER NOT NULL DEFAULT 1 CHECK (weight BETWEEN 1 AND 100),"
  "  routed INTEGER NOT NULL DEFAULT 0,"
  "  wrr_current INTEGER NOT NULL DEFAULT 0,"
  "  changed_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE routing_rules ("
  "  id INTEGER PRIMARY KEY,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  match TEXT NOT NULL CHECK (match IN ('after_sales_order', 'keyword', 'any')),"
  "  pattern TEXT NOT NULL DEFAULT '',"
  "  department_id INTEGER NOT NULL REFERENCES departments (id) ON DELETE CASCADE);"
  "INSERT INTO routing_rules (position, match, department_id) VALUES (1, 'after_sales_order', 3), (2, 'any', 1);"
  "CREATE TABLE quick_replies ("
  "  id INTEGER PRIMARY KEY,"
  "  department_id INTEGER REFERENCES departments (id) ON DELETE CASCADE,"
  "  staff_id INTEGER REFERENCES staff (id) ON DELETE CASCADE,"
  "  group_name TEXT NOT NULL DEFAULT '',"
  "  shortcut TEXT NOT NULL DEFAULT '',"
  "  text TEXT NOT NULL,"
  "  uses INTEGER NOT NULL DEFAULT 0,"
  "  created_by INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  CHECK (department_id IS NULL OR staff_id IS NULL));"
  "CREATE INDEX quick_replies_scope ON quick_replies (department_id, staff_id, group_name);"
  "CREATE UNIQUE INDEX quick_replies_shortcut ON quick_replies (coalesce (department_id, 0), coalesce (staff_id, 0), lower (shortcut)) WHERE shortcut <> '';"
  "CREATE TABLE case_deadlines ("
  "  type TEXT PRIMARY KEY,"
  "  hours INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 8760)) WITHOUT ROWID;"
  "INSERT INTO case_deadlines (type, hours) VALUES"
  "  ('return_exchange', 72), ('refund', 48), ('chase_shipment', 24), ('track_shipment', 24),"
  "  ('signed_not_received', 48), ('lost_damaged', 72), ('complaint', 24), ('other', 72);"
  "CREATE TABLE cases ("
  "  id INTEGER PRIMARY KEY,"
  "  type TEXT NOT NULL CHECK (type IN ('return_exchange', 'refund', 'chase_shipment', 'track_shipment',"
  "                                    'signed_not_received', 'lost_damaged', 'complaint', 'other')),"
  "  state TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'in_progress', 'waiting_buyer',"
  "                                                     'waiting_courier', 'resolved', 'closed')),"
  "  customer_id INTEGER REFERENCES customers (id) ON DELETE SET NULL,"
  "  order_id INTEGER REFERENCES orders (id) ON DELETE SET NULL,"
  "  conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  created_by INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  deadline_at INTEGER NOT NULL,"
  "  resolved_at INTEGER NOT NULL DEFAULT 0,"
  "  closed_at INTEGER NOT NULL DEFAULT 0);"
  "CREATE INDEX cases_open ON cases (state, deadline_at);"
  "CREATE INDEX cases_customer ON cases (customer_id, created_at);"
  "CREATE INDEX cases_staff ON cases (staff_id, state);"
  "CREATE TABLE case_events ("
  "  id INTEGER PRIMARY KEY,"
  "  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  at INTEGER NOT NULL,"
  "  staff_id INTEGER REFERENCES staff (id) ON DELETE SET NULL,"
  "  kind TEXT NOT NULL CHECK (kind IN ('opened', 'state', 'note', 'assigned', 'deadline', 'edited')),"
  "  from_value TEXT NOT NULL DEFAULT '',"
  "  to_value TEXT NOT NULL DEFAULT '',"
  "  text TEXT NOT NULL DEFAULT '');"
  "CREATE INDEX case_events_case ON case_events (case_id, at, id);";

/* The index the list's sort by tier walks; a recompute that moves most customers drops
 * it and builds it again. */
/* Version 9: a customer record's version, raised by every change a person or an import makes
 * to what the record form shows, so that a save made from an older read is refused instead of
 * silently overwriting the other's change (team mode: several desktops edit one shop). */
static const char migration_9[] =
  "ALTER TABLE customers ADD COLUMN row_version INTEGER NOT NULL DEFAULT 1;";

const char _sd_schema_standing_index[] =
  "CREATE INDEX IF NOT EXISTS customer_standing_tier ON customer_standing (tier);";

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
    case 3:
      return migration_3;
    case 4:
      return migration_4;
    case 5:
      return migration_5;
    case 6:
      return migration_6;
    case 7:
      return migration_7;
    case 8:
      return migration_8;
    case 9:
      return migration_9;
    default:
      g_assert_not_reached ();
    }
}
