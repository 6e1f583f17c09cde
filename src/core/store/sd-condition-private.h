/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-condition.h"
#include "sd-db-private.h"

G_BEGIN_DECLS

/* A condition as SQL, for every query that selects customers by one: segments, custom
 * tier rules, the customer list. No value of the condition is ever written into the SQL
 * text: each goes into SdSqlParams and is bound by number.
 *
 *   g_autoptr(GString) sql = g_string_new ("SELECT count(*) FROM ");
 *   g_autoptr(SdSqlParams) params = _sd_sql_params_new (1);
 *   SdStmt *stmt;
 *
 *   g_string_append (sql, _sd_condition_from (_sd_condition_reads (condition)));
 *   g_string_append (sql, " WHERE ");
 *   _sd_condition_compile (condition, "c", "s", sd_db_now (db), sql, params);
 *   stmt = _sd_db_prepare_dynamic (db, sql->str, _("count the customers"), error);
 *   _sd_sql_params_bind (params, stmt);
 *
 * Parameters you number yourself go below FIRST (e.g. ?1–?9 with _sd_sql_params_new (10)).
 * Several conditions may go into one statement with one SdSqlParams, e.g. rules in their
 * priority order as "CASE WHEN <rule 1> THEN 1 WHEN <rule 2> THEN 2 ELSE 0 END": each
 * compile appends its own values after those before it.
 *
 * Costs on 1M customers (warm, 2 cores): a condition an index serves (total_spent,
 * order_count, days_since_last_order, tier) is a range count, 5–60 ms; a tag looks its
 * customers up by id (0.15–0.3 s for 90k); other fields scan the table, 0.25–0.4 s;
 * refund_rate reads each refunder's orders, 0.8 s. A condition on the tier and RFM
 * alone counts in customer_standing (20 MB): 35 ms for "tier >= 3", 0.1 s for an RFM
 * group; with a customer's own fields besides, the two tables are joined (0.2 s for
 * "tier = 2 and total_spent >= 2000"). */

typedef struct _SdSqlParams SdSqlParams;

SdSqlParams  *_sd_sql_params_new       (guint              first);
void          _sd_sql_params_free      (SdSqlParams       *params);
/* Each returns the number N the SQL names the value by ("?N"). */
guint         _sd_sql_params_add_int   (SdSqlParams       *params,
                                        gint64             value);
guint         _sd_sql_params_add_text  (SdSqlParams       *params,
                                        const char        *value);
guint         _sd_sql_params_get_first (const SdSqlParams *params);
guint         _sd_sql_params_get_len   (const SdSqlParams *params);
/* The I-th value (0-based): its text, NULL for a number. */
const char   *_sd_sql_params_get_text  (const SdSqlParams *params,
                                        guint              i);
gint64        _sd_sql_params_get_int   (const SdSqlParams *params,
                                        guint              i);
/* Binds every value to its number. */
void          _sd_sql_params_bind      (const SdSqlParams *params,
                                        SdStmt            *stmt);

/* Appends to SQL one boolean expression (0 or 1, never NULL, so NOT and AND/OR compose)
 * over the customers row named TABLE ("c", "customers") and its customer_standing row
 * named STANDING ("s", "customer_standing": the grade and RFM scores) that is true where
 * the customer meets CONDITION at time NOW (UTC seconds: days_since_* count from it). It
 * may read the tables orders and customer_tags (under aliases of their own). The
 * statement must have the rows _sd_condition_reads () says under those names. */
void          _sd_condition_compile    (const SdCondition *condition,
                                        const char        *table,
                                        const char        *standing,
                                        gint64             now,
                                        GString           *sql,
                                        SdSqlParams       *params);

typedef enum
{
  SD_CONDITION_READS_CUSTOMER = 1 << 0,   /* a customers column, tags or orders */
  SD_CONDITION_READS_STANDING = 1 << 1,   /* tier or RFM */
} SdConditionReads;

/* Which rows the compiled condition reads. */
SdConditionReads _sd_condition_reads   (const SdCondition *condition);
/* The FROM clause of a statement over what READS says, with the names "c" and "s":
 * customer_standing alone when that is all a condition reads (a tier is then an index
 * range), the two joined when it reads both. */
const char   *_sd_condition_from       (SdConditionReads   reads);

/* SELECT count(*) over the customers the condition selects, at NOW: one statement. */
gint64        _sd_condition_count      (SdDb              *db,
                                        const SdCondition *condition,
                                        gint64             now,
                                        GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdSqlParams, _sd_sql_params_free)

G_END_DECLS
