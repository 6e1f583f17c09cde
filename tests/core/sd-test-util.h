/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sd-audit.h"
#include "sd-customer.h"
#include "sd-db.h"
#include "sd-permission.h"
#include "sd-session.h"

G_BEGIN_DECLS

/* The owner's password in every test shop. */
#define SD_TEST_PASSWORD "correct horse 1"
#define SD_TEST_OWNER    "owner"

/* A new, empty directory under the system's temporary directory, for one test's shop. */
char      *sd_test_make_dir       (void);
/* Removes PATH, and everything in it when it is a directory: a test's directory after it. */
void       sd_test_remove_tree    (const char      *path);

/* Whether this run of a store test is team mode's ($SHOPDESK_TEST_ENGINE=postgresql): its
 * shops are then databases on the test's PostgreSQL server (sd_test_pg_url ()). */
gboolean   sd_test_is_team        (void);
/* A new, empty database on that server standing for the shop file PATH (dropped with
 * the directory it is in by sd_test_remove_tree ()); its URL. */
char      *sd_test_team_database  (const char      *path);
/* Where a test keeps the shop FILE_NAME of its directory DIR: that file, or in team mode
 * a new database standing for it (sd_test_team_database ()). */
char      *sd_test_shop_where     (const char      *dir,
                                   const char      *file_name);

/* A new shop "测试小店" at PATH whose owner SD_TEST_OWNER has SD_TEST_PASSWORD; the owner's
 * session on it. */
SdSession *sd_test_new_shop       (const char      *path);
/* The same at shop.db in a new directory of its own (sd_test_make_dir), or in team mode in
 * a database of its own; the directory in DIR and the shop's path or URL in PATH (NULL: not
 * wanted), the caller's to free. */
SdSession *sd_test_new_temp_shop  (char           **dir,
                                   char           **path);
/* The owner logged in on a new connection to the shop at PATH. */
SdSession *sd_test_login_owner    (const char      *path);
/* A sub-account LOGIN with a role of its own holding exactly PERMISSIONS (password
 * SD_TEST_PASSWORD, no change needed), and its session on the owner's connection. */
SdSession *sd_test_staff_session  (SdSession       *owner,
                                   const char      *login,
                                   SdPermissionSet  permissions);
/* From now on the shop on DB reads the time from *NOW, which the test moves by hand: stamps,
 * lockouts and their ends it can predict. NOW must outlive DB's use of it. */
void       sd_test_set_clock      (SdDb            *db,
                                   gint64          *now);

/* A new customer, not saved: NICK, NAME and PHONE (NULL: empty), the rest empty. */
SdCustomer *sd_test_new_customer  (const char      *nick,
                                   const char      *name,
                                   const char      *phone);
/* Saves the new customer C as SESSION, which must succeed; its id. */
gint64     sd_test_save_customer  (SdSession       *session,
                                   SdCustomer      *c);
/* sd_test_new_customer () saved by SESSION; its id. */
gint64     sd_test_add_customer   (SdSession       *session,
                                   const char      *nick,
                                   const char      *name,
                                   const char      *phone);
/* Customer ID as SESSION reads it; it must be there. */
SdCustomer *sd_test_get_customer  (SdSession       *session,
                                   gint64           id);
/* How many customers the shop holds, as SESSION counts them. */
gint64     sd_test_count_customers (SdSession      *session);

/* The audit log as SESSION reads it through FILTER (NULL: all of it), newest first; the
 * read must succeed. */
GPtrArray *sd_test_audit_list     (SdSession           *session,
                                   const SdAuditFilter *filter);   /* SdAuditEntry * */
/* How many entries of ACTION the audit log holds, as SESSION reads it. */
guint      sd_test_audit_count    (SdSession       *session,
                                   const char      *action);

/* Runs SQL (any number of statements) on SESSION's shop, which must succeed. */
void       sd_test_exec           (SdSession       *session,
                                   const char      *sql);
/* The first column of the first row that SQL (a printf FORMAT) gives as read on SESSION's
 * shop; -1 when there is no row or it is NULL. Prepared afresh each time: the shop's
 * statement cache keys on the text's address, which a formatted query reuses. */
gint64     sd_test_query_int      (SdSession       *session,
                                   const char      *format,
                                   ...) G_GNUC_PRINTF (2, 3);
/* The same as text, the caller's to free; NULL when there is no row. */
char      *sd_test_query_text     (SdSession       *session,
                                   const char      *format,
                                   ...) G_GNUC_PRINTF (2, 3);

/* Whether the shop on DB (a file or a team database) has an index named NAME. */
gboolean   sd_test_has_index      (SdDb           *db,
                                   const char     *name);
/* Runs SQL on the shop at WHERE (a file or a team database's URL) on a connection of its
 * own, past ShopDesk, as a hand edit would; which must succeed. The rows its last statement
 * changed. */
gint64     sd_test_raw_exec       (const char     *where,
                                   const char     *sql);
/* The SQL that takes away the audit log's guard against changes, on this run's engine. */
const char *sd_test_unguard_audit_sql (void);
/* A copy of the shop at FROM (made by this run, nobody connected to it) as FILE_NAME of DIR:
 * a copy of the file, or a team database made from FROM's; where it is. */
char      *sd_test_copy_shop      (const char     *from,
                                   const char     *dir,
                                   const char     *file_name);
/* Every row of every table of the shop on DB but EXCEPT's, as text, in a fixed order: what
 * "nothing changed" compares. */
char      *sd_test_rows_text      (SdDb           *db,
                                   const char     *except);
/* The shop's structure as text, to compare before and after. */
char      *sd_test_schema_text    (SdDb           *db);
/* Whether it has a trigger named NAME, in force. */
gboolean   sd_test_has_trigger    (SdDb           *db,
                                   const char     *name);

/* One iteration of the default main context, blocking at most until DEADLINE (in
 * g_get_monotonic_time ()'s time), which must not have passed: a wait that cannot hang. */
void       sd_test_iterate_before (gint64           deadline);
/* A GAsyncReadyCallback that keeps a reference to the result in USER_DATA, a
 * GAsyncResult ** pointing at NULL. */
void       sd_test_store_result_cb (GObject        *source,
                                    GAsyncResult   *result,
                                    gpointer        user_data);
/* Runs the main loop until *RESULT is set (by sd_test_store_result_cb ()), which must happen
 * within TIMEOUT_MS. */
void       sd_test_wait_result    (GAsyncResult   **result,
                                   guint            timeout_ms);

/* A sub-account LOGIN of DEPARTMENT that may handle its own conversations only
 * (SD_PERMISSION_CONVERSATIONS_OWN), and its session on OWNER's connection. */
SdSession *sd_test_agent_session  (SdSession       *owner,
                                   const char      *login,
                                   gint64           department);

/* The URL of a PostgreSQL server for team mode's tests: $SHOPDESK_TEST_PG when set
 * (tools/test.sh starts one for the whole run), else one this test program starts with
 * tools/pg-test-server.sh and stops when it exits. NULL, with the reason in *OUT_WHY, when
 * this machine has no PostgreSQL server or this build no libpq. */
const char *sd_test_pg_url        (const char     **out_why);

G_END_DECLS
