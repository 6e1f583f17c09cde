/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sd-customer.h"
#include "sd-customer-query.h"
#include "sd-db-private.h"
#include "sd-order.h"
#include "sd-segments.h"
#include "sd-audit.h"
#include "sd-staff.h"

G_BEGIN_DECLS

/* SQL functions the queries use, registered on every connection at open. */
gboolean    _sd_store_register_functions   (SdDb         *db,
                                            GError      **error);

/* Shop. */
char       *_sd_store_get_shop_name        (SdDb         *db);
gboolean    _sd_store_set_shop_name        (SdDb         *db,
                                            const char   *name,
                                            gint64        now,
                                            GError      **error);

/* Staff accounts (sd-staff-store.c). Names of built-in roles and departments come back
 * "" (their key says which); the caller puts the translated name in. */
typedef struct
{
  char    *password_hash;        /* "" for an old shop's owner who has none yet */
  gint64   failed_logins;
  gint64   locked_until;
  gboolean disabled;
  gboolean must_change_password;
} SdStaffSecret;

void            _sd_staff_secret_clear     (SdStaffSecret *secret);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SdStaffSecret, _sd_staff_secret_clear)
gboolean        _sd_store_has_passwords    (SdDb         *db);
SdStaffAccount *_sd_store_load_staff       (SdDb         *db,
                                            gint64        id,
                                            GError      **error);
/* 0 when nobody has that login or full name. */
gint64          _sd_store_find_staff       (SdDb         *db,
                                            const char   *name);
gint64          _sd_store_primary_owner    (SdDb         *db);
gboolean        _sd_store_load_staff_secret (SdDb        *db,
                                            gint64        id,
                                            SdStaffSecret *out_secret,
                                            GError      **error);
GPtrArray      *_sd_store_list_staff       (SdDb         *db,
                                            GError      **error);
gint64          _sd_store_insert_staff     (SdDb         *db,
                                            const SdStaffAccount *account,
                                            const char   *password_hash,
                                            gboolean      primary,
                                            GError      **error);
/* Writes display name, department, role and disabled from ACCOUNT. */
gboolean        _sd_store_update_staff     (SdDb         *db,
                                            const SdStaffAccount *account,
                                            GError      **error);
gboolean        _sd_store_set_staff_login  (SdDb         *db,
                                            gint64        id,
                                            const char   *login,
                                            const char   *display_name,
                                            GError      **error);
gboolean        _sd_store_set_staff_password (SdDb       *db,
                                            gint64        id,
                                            const char   *password_hash,
                                            gboolean      must_change,
                                            GError      **error);
gboolean        _sd_store_upgrade_staff_hash (SdDb       *db,
                                            gint64        id,
                                            const char   *old_hash,
                                            const char   *new_hash,
                                            GError      **error);
gboolean        _sd_store_note_login       (SdDb         *db,
                                            gint64        id,
                                            gint64        failed_logins,
                                            gint64        locked_until,
                                            gint64        last_login_at,
                                            GError      **error);
/* What the account may do now: its role's permissions (all for the owner role). */
gboolean        _sd_store_staff_permissions (SdDb        *db,
                                            gint64        id,
                                            SdPermissionSet *out_permissions,
                                            gboolean     *out_disabled,
                                            gboolean     *out_must_change,
                                            GError      **error);
gint64          _sd_store_count_active_owners (SdDb      *db);

GPtrArray      *_sd_store_list_roles       (SdDb         *db,
                                            GError      **error);
SdRole         *_sd_store_load_role        (SdDb         *db,
                                            gint64        id,
                                            GError      **error);
gint64          _sd_store_find_role        (SdDb         *db,
                                            const char   *name_or_key);
gint64          _sd_store_insert_role      (SdDb         *db,
                                            const char   *name,
                                            SdPermissionSet permissions,
                                            gint64        now,
                                            GError      **error);
gboolean        _sd_store_rename_role      (SdDb         *db,
                                            gint64        id,
                                            const char   *name,
                                            GError      **error);
gboolean        _sd_store_set_role_permissions (SdDb     *db,
                                            gint64        id,
                                            SdPermissionSet permissions,
                                            GError      **error);
gboolean        _sd_store_delete_role      (SdDb         *db,
                                            gint64        id,
                                            GError      **error);

GPtrArray      *_sd_store_list_departments (SdDb         *db,
                                            GError      **error);
gint64          _sd_store_find_department  (SdDb         *db,
                                            const char   *name_or_key);
gint64          _sd_store_insert_department (SdDb        *db,
                                            const char   *name,
                                            GError      **error);
gboolean        _sd_store_rename_department (SdDb        *db,
                                            gint64        id,
                                            const char   *name,
                                            GError      **error);
gboolean        _sd_store_delete_department (SdDb        *db,
                                            gint64        id,
                                            GError      **error);

/* The audit log (sd-audit-store.c). */
gboolean        _sd_store_audit_last       (SdDb         *db,
                                            gint64       *out_id,
                                            char        **out_hash,
                                            GError      **error);
gboolean        _sd_store_audit_insert     (SdDb         *db,
                                            const SdAuditEntry *entry,
                                            const char   *prev_hash,
                                            GError      **error);
/* Calls FUNC for each entry the filter selects, with its stored prev_hash; FUNC returns
 * FALSE to stop. */
typedef gboolean (*SdAuditRowFunc) (const SdAuditEntry *entry,
                                    const char         *prev_hash,
                                    gpointer            user_data);
gboolean        _sd_store_audit_foreach    (SdDb         *db,
                                            const SdAuditFilter *filter,
                                            gint64        staff_id,
                                            gboolean      newest_first,
                                            SdAuditRowFunc func,
                                            gpointer      user_data,
                                            GError      **error);

/* Customers. In bulk mode the search index is rebuilt at the end instead of being told of
 * each change. */
void        _sd_store_set_bulk             (SdDb         *db,
                                            gboolean      bulk);
gboolean    _sd_store_get_bulk             (SdDb         *db);
gint64      _sd_store_count_customers      (SdDb         *db);
gint64      _sd_store_find_customer_by_nick  (SdDb       *db,
                                              const char *platform,
                                              const char *nick);
gint64      _sd_store_find_customer_by_phone (SdDb       *db,
                                              const char *phone);
/* FALSE with SD_ERROR_NOT_FOUND when there is no such customer. */
gboolean    _sd_store_customer_exists      (SdDb         *db,
                                            gint64        id,
                                            GError      **error);
/* The columns _sd_store_read_customer_row () reads, in its order: the customers row and
 * its customer_standing row (grade, pin, RFM scores), which CUSTOMERS_WITH_STANDING joins
 * under that name. Every customer has exactly one standing row (see migration 5). */
#define CUSTOMER_COLUMNS \
  "customers.id, platform, nick, name, phone, phone_state, email, gender, birthday, province, city, " \
  "district, address, source, created_at, updated_at, sms_opt_out_at, sms_opt_out_reason, " \
  "total_spent_cents, order_count, first_order_at, last_order_at, refund_count, " \
  "customer_standing.tier, customer_standing.tier_pinned, customer_standing.rfm_r, customer_standing.rfm_f, " \
  "customers.row_version"
#define STANDING_JOIN "JOIN customer_standing ON customer_standing.customer_id = customers.id"
#define CUSTOMERS_WITH_STANDING "customers " STANDING_JOIN

SdCustomer *_sd_store_read_customer_row     (SdStmt *stmt);
SdCustomer *_sd_store_load_customer        (SdDb         *db,
                                            gint64        id,
                                            gboolean      with_notes,
                                            GError      **error);
gboolean    _sd_store_insert_customer      (SdDb         *db,
                                            SdCustomer   *customer,
                                            GError      **error);
/* Writes the record and raises its version. When customer->row_version is not 0 the stored
 * one must still be it (else SD_ERROR_STALE, nothing written); it becomes the new one. */
gboolean    _sd_store_update_customer      (SdDb         *db,
                                            SdCustomer   *customer,
                                            GError      **error);
/* Raises the version of a record changed outside the record itself (its tags). */
gboolean    _sd_store_touch_customer       (SdDb         *db,
                                            gint64        id,
                                            GError      **error);
/* Holds the customer's row until the transaction ends, for a read-then-write: on a team
 * database another desktop's write waits; a shop file's writer holds the whole file. */
gboolean    _sd_store_lock_customer        (SdDb         *db,
                                            gint64        id,
                                            GError      **error);
gboolean    _sd_store_add_tag              (SdDb         *db,
                                            gint64        customer_id,
                                            const char   *tag,
                                            gboolean     *out_added,
                                            GError      **error);
/* Makes the customer's tags exactly these. */
gboolean    _sd_store_set_tags             (SdDb         *db,
                                            gint64        customer_id,
                                            GPtrArray    *tags,
                                            GError      **error);
gboolean    _sd_store_remove_tag           (SdDb         *db,
                                            gint64        customer_id,
                                            const char   *tag,
                                            gboolean     *out_removed,
                                            GError      **error);
gboolean    _sd_store_add_note             (SdDb         *db,
                                            gint64        customer_id,
                                            gint64        author_id,
                                            const char   *author_name,
                                            const char   *body,
                                            gint64        created_at,
                                            gint64       *out_note_id,
                                            GError      **error);
gboolean    _sd_store_has_note             (SdDb         *db,
                                            gint64        customer_id,
                                            const char   *body);
gboolean    _sd_store_delete_note          (SdDb         *db,
                                            gint64        note_id,
                                            GError      **error);
/* The customer with their orders, notes and tags. */
gboolean    _sd_store_delete_customer      (SdDb         *db,
                                            gint64        id,
                                            GError      **error);
/* OTHER_ID's orders, notes, tags and campaign history (outbox rows, the shop's SMS block)
 * become MERGED's, OTHER_ID is deleted and MERGED written; the caller's transaction. */
gboolean    _sd_store_merge_customers      (SdDb         *db,
                                            SdCustomer   *merged,
                                            gint64        other_id,
                                            GError      **error);
GPtrArray  *_sd_store_list_tags            (SdDb         *db,
                                            GError      **error);

/* Orders. */
gint64      _sd_store_count_orders         (SdDb         *db);
gint64      _sd_store_find_order           (SdDb         *db,
                                            const char   *platform,
                                            const char   *platform_order_id);
SdOrder    *_sd_store_load_order           (SdDb         *db,
                                            gint64        id,
                                            GError      **error);
gboolean    _sd_store_insert_order         (SdDb         *db,
                                            SdOrder      *order,
                                            GError      **error);
gboolean    _sd_store_update_order         (SdDb         *db,
                                            const SdOrder *order,
                                            GError      **error);
GPtrArray  *_sd_store_list_orders          (SdDb         *db,
                                            gint64        customer_id,
                                            GError      **error);
gboolean    _sd_order_items_equal          (const SdOrder *a,
                                            const SdOrder *b);
/* Every stored field but the id: whether writing B over A changes anything. */
gboolean    _sd_order_equal                (const SdOrder *a,
                                            const SdOrder *b);

/* Aggregates: total spent, order count, first/last order, refunds. */
gboolean    _sd_store_refresh_aggregates   (SdDb         *db,
                                            const gint64 *ids,
                                            gsize         n_ids,
                                            GError      **error);
typedef enum
{
  SD_AGGREGATES_UNKNOWN,      /* count first, then choose */
  SD_AGGREGATES_FEW_WRONG,
  SD_AGGREGATES_MOST_WRONG,   /* after a bulk load of orders */
} SdAggregatesExpect;

gboolean    _sd_store_rebuild_aggregates   (SdDb         *db,
                                            SdAggregatesExpect expect,
                                            GError      **error);

/* Bulk loads into an empty table: secondary indexes dropped first, rebuilt after. */
gboolean    _sd_store_drop_indexes         (SdDb         *db,
                                            gboolean      customers,
                                            gboolean      orders,
                                            GError      **error);
gboolean    _sd_store_create_indexes       (SdDb         *db,
                                            GError      **error);
gboolean    _sd_store_create_order_indexes (SdDb         *db,
                                            GError      **error);
/* A bulk load of customers without the trigger that makes each one's standing row (1.5 µs
 * a customer): paused before the rows, resumed after them, which adds the rows of every
 * customer loaded meanwhile in one statement. Both inside the load's transaction. */
gboolean    _sd_store_pause_standing       (SdDb         *db,
                                            GError      **error);
gboolean    _sd_store_resume_standing      (SdDb         *db,
                                            GError      **error);
/* The unique index on order numbers, after a bulk load: where the file held an order
 * twice, the later row stands and *out_doubled counts the earlier ones dropped. */
gboolean    _sd_store_create_order_id_index (SdDb        *db,
                                             gint64      *out_doubled,
                                             GError     **error);
/* Bulk work sorts and spills far more than a page of the list: keep it out of RAM. */
void        _sd_store_set_bulk_memory      (SdDb         *db,
                                            gboolean      bulk);

/* Queries. */
GPtrArray  *_sd_store_find_customers       (SdDb                   *db,
                                            const SdCustomerQuery  *query,
                                            const SdCustomerCursor *after,
                                            guint                   limit,
                                            GError                **error);
gint64      _sd_store_count_customers_matching (SdDb                  *db,
                                                const SdCustomerQuery *query,
                                                GError               **error);
/* The ids of every matching customer in the query's order; cancellable mid-way. */
GArray     *_sd_store_list_customer_ids    (SdDb                  *db,
                                            const SdCustomerQuery *query,
                                            GCancellable          *cancellable,
                                            GError               **error);
/* These customers (without tags and notes) in this order; a gone one is NULL. */
GPtrArray  *_sd_store_load_customers       (SdDb                  *db,
                                            const gint64          *ids,
                                            guint                  n_ids,
                                            GError               **error);
/* Every customer, in id order, for export. */
typedef gboolean (*SdCustomerFunc) (SdCustomer *customer, gpointer user_data, GError **error);
gboolean    _sd_store_foreach_customer     (SdDb                  *db,
                                            const SdCustomerQuery *query,
                                            gboolean               with_notes,
                                            SdCustomerFunc         func,
                                            gpointer               user_data,
                                            GError               **error);

/* Every customer's matching keys, cheaply, in id order. */
typedef void (*SdCustomerKeyFunc) (gint64 id, const char *platform, const char *nick,
                                   const char *phone, int phone_state, gpointer user_data);
gboolean    _sd_store_foreach_customer_key (SdDb                  *db,
                                            SdCustomerKeyFunc      func,
                                            gpointer               user_data,
                                            GError               **error);

/* Import journal: lets a killed import resume where its last batch committed. */
typedef struct
{
  gint64  id;
  gint64  rows_done;
  gint64  inserted;
  gint64  updated;
  gint64  unchanged;
  gint64  skipped;
  gint64  customers_created;
} SdImportRun;

gboolean    _sd_store_import_run_find      (SdDb        *db,
                                            const char  *kind,
                                            const char  *fingerprint,
                                            SdImportRun *out_run);
gboolean    _sd_store_import_run_save      (SdDb        *db,
                                            const char  *kind,
                                            const char  *fingerprint,
                                            const char  *file_name,
                                            SdImportRun *run,
                                            gboolean     finished,
                                            GError     **error);

/* Segments (sd-segment-store.c). A name taken is SD_ERROR_CONFLICT, an id that is not
 * there SD_ERROR_NOT_FOUND. */
gint64      _sd_store_insert_segment       (SdDb         *db,
                                            const char   *name,
                                            const char   *expression,
                                            gint64        now,
                                            GError      **error);
gboolean    _sd_store_update_segment       (SdDb         *db,
                                            gint64        id,
                                            const char   *name,
                                            const char   *expression,
                                            gint64        now,
                                            GError      **error);
gboolean    _sd_store_delete_segment       (SdDb         *db,
                                            gint64        id,
                                            GError      **error);
SdSegment  *_sd_store_load_segment         (SdDb         *db,
                                            gint64        id,
                                            GError      **error);
/* 0 when no segment has that name. */
gint64      _sd_store_find_segment         (SdDb         *db,
                                            const char   *name);
/* By name. */
GPtrArray  *_sd_store_list_segments        (SdDb         *db,
                                            GError      **error);

G_END_DECLS
