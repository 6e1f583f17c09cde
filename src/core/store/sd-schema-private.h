/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The SQL that brings a database from version - 1 to version. */
const char *_sd_schema_migration (int version);

/* Secondary indexes of the customers table, dropped and rebuilt around bulk loads. */
extern const char _sd_schema_customer_indexes[];
extern const char _sd_schema_drop_customer_indexes[];
extern const char _sd_schema_order_indexes[];
extern const char _sd_schema_drop_order_indexes[];
/* The tier index of customer_standing (IF NOT EXISTS). */
extern const char _sd_schema_standing_index[];
extern const char _sd_schema_standing_trigger[];
/* The structure of schema 8 on PostgreSQL (sd-schema-pg.c). */
extern const char _sd_schema_pg_structure[];
/* The SQL that brings a team database from version - 1 to version; NULL when there is
 * none (a team database starts at schema 8). */
const char *_sd_schema_pg_migration (int version);
/* SQLite's functions that the store uses, made on PostgreSQL under their names. */
extern const char _sd_schema_pg_compat[];
/* Its search functions and pg_trgm indexes (pg_trgm must be there). */
extern const char _sd_schema_pg_search[];
/* The channel a team database tells its changes on, each notification's payload the name
 * of a table changed. */
#define SD_SCHEMA_PG_CHANGES_CHANNEL "shopdesk_changes"
/* Statement triggers that tell the channel when a table the window shows changes (run on
 * a new team shop, and again in a migration: it replaces what it made before). */
extern const char _sd_schema_pg_notify[];
/* The tables it makes them on, NULL-terminated. */
extern const char *const _sd_schema_pg_notified_tables[];
extern const char _sd_schema_pg_search_indexes[];
extern const char _sd_schema_pg_customer_indexes[];
extern const char _sd_schema_pg_drop_search_indexes[];

G_END_DECLS
