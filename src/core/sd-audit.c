/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "sd-audit"

#include "sd-i18n.h"

#include "sd-audit-private.h"
#include "sd-csv.h"
#include "sd-error.h"
#include "sd-store-private.h"

/* The hash before the first entry. */
#define GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

G_DEFINE_BOXED_TYPE (SdAuditEntry, sd_audit_entry, sd_audit_entry_copy, sd_audit_entry_free)

SdAuditEntry *
sd_audit_entry_copy (const SdAuditEntry *entry)
{
  SdAuditEntry *copy = g_new0 (SdAuditEntry, 1);

  *copy = *entry;
  copy->staff_name = g_strdup (entry->staff_name ? entry->staff_name : "");
  copy->action = g_strdup (entry->action ? entry->action : "");
  copy->object_kind = g_strdup (entry->object_kind ? entry->object_kind : "");
  copy->object_id = g_strdup (entry->object_id ? entry->object_id : "");
  copy->detail = g_strdup (entry->detail ? entry->detail : "");
  copy->hash = g_strdup (entry->hash ? entry->hash : "");
  return copy;
}

void
sd_audit_entry_free (SdAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->staff_name);
  g_free (entry->action);
  g_free (entry->object_kind);
  g_free (entry->object_id);
  g_free (entry->detail);
  g_free (entry->hash);
  g_free (entry);
}

static const struct
{
  const char *id;
  const char *label;
} actions[] = {
  { SD_AUDIT_LOGIN_OK, N_("Logged in") },
  { SD_AUDIT_LOGIN_FAILED, N_("Failed login") },
  { SD_AUDIT_LOGIN_LOCKED, N_("Account locked") },
  { SD_AUDIT_LOGOUT, N_("Logged out") },
  { SD_AUDIT_PASSWORD_CHANGE, N_("Changed password") },
  { SD_AUDIT_PASSWORD_RESET, N_("Reset a password") },
  { SD_AUDIT_DENIED, N_("Refused: no permission") },
  { SD_AUDIT_SHOP_CREATE, N_("Created the shop") },
  { SD_AUDIT_SHOP_RENAME, N_("Renamed the shop") },
  { SD_AUDIT_SHOP_MOVE, N_("Moved the shop to a team database") },
  { SD_AUDIT_STAFF_ADD, N_("Added an account") },
  { SD_AUDIT_STAFF_EDIT, N_("Edited an account") },
  { SD_AUDIT_STAFF_DISABLE, N_("Disabled an account") },
  { SD_AUDIT_STAFF_ENABLE, N_("Enabled an account") },
  { SD_AUDIT_STAFF_ROLE, N_("Changed an account’s role") },
  { SD_AUDIT_STAFF_DEPARTMENT, N_("Moved an account to a department") },
  { SD_AUDIT_ROLE_CREATE, N_("Created a role") },
  { SD_AUDIT_ROLE_RENAME, N_("Renamed a role") },
  { SD_AUDIT_ROLE_GRANT, N_("Granted permissions") },
  { SD_AUDIT_ROLE_REVOKE, N_("Revoked permissions") },
  { SD_AUDIT_ROLE_DELETE, N_("Deleted a role") },
  { SD_AUDIT_DEPARTMENT_ADD, N_("Added a department") },
  { SD_AUDIT_DEPARTMENT_RENAME, N_("Renamed a department") },
  { SD_AUDIT_DEPARTMENT_REMOVE, N_("Removed a department") },
  { SD_AUDIT_IMPORT, N_("Imported customers") },
  { SD_AUDIT_EXPORT, N_("Exported customers") },
  { SD_AUDIT_MERGE, N_("Merged customers") },
  { SD_AUDIT_DELETE, N_("Deleted a customer") },
  { SD_AUDIT_TIER_PIN, N_("Pinned a tier") },
  { SD_AUDIT_TIER_UNPIN, N_("Unpinned a tier") },
  { SD_AUDIT_TIER_LADDER, N_("Changed the tier ladder") },
  { SD_AUDIT_TIER_RECOMPUTE, N_("Recomputed tiers") },
  { SD_AUDIT_TIER_RULE, N_("Changed a tier rule") },
  { SD_AUDIT_SEGMENT_CREATE, N_("Created a segment") },
  { SD_AUDIT_SEGMENT_EDIT, N_("Changed a segment") },
  { SD_AUDIT_SEGMENT_DELETE, N_("Deleted a segment") },
  { SD_AUDIT_CAMPAIGN_CREATE, N_("Created a campaign") },
  { SD_AUDIT_CAMPAIGN_UPDATE, N_("Changed a campaign") },
  { SD_AUDIT_CAMPAIGN_DELETE, N_("Deleted a campaign") },
  { SD_AUDIT_CAMPAIGN_CONFIRM, N_("Confirmed a campaign") },
  { SD_AUDIT_CAMPAIGN_CANCEL, N_("Cancelled a campaign") },
  { SD_AUDIT_CAMPAIGN_SEND, N_("Sent a campaign") },
  { SD_AUDIT_CAMPAIGN_PAUSE, N_("Paused a campaign") },
  { SD_AUDIT_CAMPAIGN_RESUME, N_("Resumed a campaign") },
  { SD_AUDIT_CAMPAIGN_TEST, N_("Sent a test message") },
  { SD_AUDIT_GATEWAY_SET, N_("Set the SMS gateway") },
  { SD_AUDIT_GATEWAY_CLEAR, N_("Removed the SMS gateway") },
  { SD_AUDIT_SMS_SETTINGS, N_("Changed the SMS settings") },
  { SD_AUDIT_OPTOUTS_ADD, N_("Added an SMS opt-out") },
  { SD_AUDIT_OPTOUTS_IMPORT, N_("Imported SMS opt-outs") },
  { SD_AUDIT_CREDENTIALS, N_("Changed credentials") },
  { SD_AUDIT_AUDIT_EXPORT, N_("Exported the audit log") },
  { SD_AUDIT_STORE_CONNECT, N_("Connected the store") },
  { SD_AUDIT_STORE_DISCONNECT, N_("Disconnected the store") },
  { SD_AUDIT_STORE_SYNC, N_("Synced the store") },
  { SD_AUDIT_CASE_OPEN, N_("Opened an after-sales case") },
  { SD_AUDIT_CASE_CLOSE, N_("Closed an after-sales case") },
  { SD_AUDIT_CASE_DEADLINE, N_("Changed a case type's deadline") },
  { SD_AUDIT_QUICK_REPLY_ADD, N_("Added a shared quick reply") },
  { SD_AUDIT_QUICK_REPLY_EDIT, N_("Changed a shared quick reply") },
  { SD_AUDIT_QUICK_REPLY_REMOVE, N_("Removed a shared quick reply") },
  { SD_AUDIT_CONVERSATION_ASSIGN, N_("Assigned a conversation") },
  { SD_AUDIT_CONVERSATION_TRANSFER, N_("Transferred a conversation") },
  { SD_AUDIT_CHATLOG_IMPORT, N_("Imported a chat log") },
  { SD_AUDIT_AGENT_SETTINGS, N_("Changed an agent’s limit or weight") },
  { SD_AUDIT_AGENT_STATUS, N_("Took an agent offline") },
  { SD_AUDIT_ROUTING_RULES, N_("Changed the routing rules") },
};

const char *
sd_audit_action_get_label (const char *action)
{
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (action, actions[i].id) == 0)
      return _(actions[i].label);
  return action;
}

const char * const *
sd_audit_list_actions (void)
{
  static const char *ids[G_N_ELEMENTS (actions) + 1];
  static gsize ready = 0;

  if (g_once_init_enter (&ready))
    {
      for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
        ids[i] = actions[i].id;
      g_once_init_leave (&ready, 1);
    }
  return ids;
}

/* Each field length-prefixed, so that no choice of texts can make two different entries
 * hash the same. */
static void
hash_field (GChecksum  *checksum,
            const char *text)
{
  g_autofree char *length = g_strdup_printf ("%zu:", strlen (text ? text : ""));

  g_checksum_update (checksum, (const guchar *) length, -1);
  g_checksum_update (checksum, (const guchar *) (text ? text : ""), -1);
}

char *
_sd_audit_hash (const char         *prev_hash,
                const SdAuditEntry *entry)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);
  g_autofree char *at = g_strdup_printf ("%" G_GINT64_FORMAT, entry->at);
  g_autofree char *staff = g_strdup_printf ("%" G_GINT64_FORMAT, entry->staff_id);

  hash_field (checksum, prev_hash);
  hash_field (checksum, id);
  hash_field (checksum, at);
  hash_field (checksum, staff);
  hash_field (checksum, entry->staff_name);
  hash_field (checksum, entry->action);
  hash_field (checksum, entry->object_kind);
  hash_field (checksum, entry->object_id);
  hash_field (checksum, entry->detail);
  return g_strdup (g_checksum_get_string (checksum));
}

static gboolean
append_in_transaction (SdDb        *db,
                       gint64       staff_id,
                       const char  *staff_name,
                       const char  *action,
                       const char  *object_kind,
                       const char  *object_id,
                       const char  *detail,
                       GError     **error)
{
  g_autofree char *prev_hash = NULL;
  g_autofree char *hash = NULL;
  gint64 last_id;
  SdAuditEntry entry = { 0 };

  if (!_sd_store_audit_last (db, &last_id, &prev_hash, error))
    return FALSE;
  entry.id = last_id + 1;
  entry.at = sd_db_now (db);
  entry.staff_id = staff_id;
  entry.staff_name = (char *) (staff_name ? staff_name : "");
  entry.action = (char *) action;
  entry.object_kind = (char *) (object_kind ? object_kind : "");
  entry.object_id = (char *) (object_id ? object_id : "");
  entry.detail = (char *) (detail ? detail : "");
  hash = _sd_audit_hash (prev_hash ? prev_hash : GENESIS_HASH, &entry);
  entry.hash = hash;
  return _sd_store_audit_insert (db, &entry, prev_hash ? prev_hash : GENESIS_HASH, error);
}

gboolean
_sd_audit_append_as (SdDb        *db,
                     gint64       staff_id,
                     const char  *staff_name,
                     const char  *action,
                     const char  *object_kind,
                     const char  *object_id,
                     const char  *detail,
                     GError     **error)
{
  g_return_val_if_fail (db != NULL && action != NULL, FALSE);

  if (sd_db_in_transaction (db))
    return append_in_transaction (db, staff_id, staff_name, action, object_kind, object_id, detail, error);

  if (!sd_db_begin (db, error))
    return FALSE;
  if (!append_in_transaction (db, staff_id, staff_name, action, object_kind, object_id, detail, error) ||
      !sd_db_commit (db, error))
    {
      sd_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

gboolean
sd_audit_append (SdSession    *session,
                 const char   *action,
                 const char   *object_kind,
                 const char   *object_id,
                 const char   *detail,
                 GError      **error)
{
  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  return _sd_audit_append_as (sd_session_get_db (session), sd_session_get_staff_id (session),
                              sd_session_get_full_name (session), action, object_kind, object_id,
                              detail, error);
}

static gint64
filter_staff_id (SdSession           *session,
                 const SdAuditFilter *filter)
{
  if (filter == NULL || filter->staff_name == NULL)
    return 0;
  return _sd_store_find_staff (sd_session_get_db (session), filter->staff_name);
}

static gboolean
collect_entry (const SdAuditEntry *entry,
               const char         *prev_hash,
               gpointer            user_data)
{
  g_ptr_array_add (user_data, sd_audit_entry_copy (entry));
  return TRUE;
}

GPtrArray *
sd_audit_list (SdSession            *session,
               const SdAuditFilter  *filter,
               GError              **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sd_audit_entry_free);

  g_return_val_if_fail (SD_IS_SESSION (session), NULL);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_AUDIT, error) ||
      !_sd_store_audit_foreach (sd_session_get_db (session), filter, filter_staff_id (session, filter),
                                TRUE, collect_entry, entries, error))
    return NULL;
  return g_steal_pointer (&entries);
}

typedef struct
{
  char   *expected_prev;
  gint64  count;
  gint64  broken_id;
} Verify;

static gboolean
verify_entry (const SdAuditEntry *entry,
              const char         *prev_hash,
              gpointer            user_data)
{
  Verify *v = user_data;
  g_autofree char *computed = _sd_audit_hash (prev_hash, entry);

  v->count++;
  /* A changed entry no longer hashes to its hash; a removed or inserted one breaks the
   * link to the entry before it. */
  if (g_strcmp0 (prev_hash, v->expected_prev) != 0 || g_strcmp0 (computed, entry->hash) != 0)
    {
      v->broken_id = entry->id;
      return FALSE;
    }
  g_free (v->expected_prev);
  v->expected_prev = g_strdup (entry->hash);
  return TRUE;
}

gboolean
sd_audit_verify (SdSession  *session,
                 gint64     *out_entries,
                 gint64     *out_broken_id,
                 GError    **error)
{
  Verify v = { g_strdup (GENESIS_HASH), 0, 0 };
  gboolean ok;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);

  if (out_broken_id)
    *out_broken_id = 0;
  if (!sd_session_require (session, SD_PERMISSION_VIEW_AUDIT, error))
    {
      g_free (v.expected_prev);
      return FALSE;
    }
  ok = _sd_store_audit_foreach (sd_session_get_db (session), NULL, 0, FALSE, verify_entry, &v, error);
  g_free (v.expected_prev);
  if (!ok)
    return FALSE;
  if (out_entries)
    *out_entries = v.count;
  if (out_broken_id)
    *out_broken_id = v.broken_id;
  return v.broken_id == 0;
}

typedef struct
{
  GString       *buffer;
  GOutputStream *stream;
  GCancellable  *cancellable;
  GError        *error;
  guint64        count;
} CsvExport;

static gboolean
flush_csv (CsvExport *ex,
           gboolean   final)
{
  if (!final && ex->buffer->len < 256 * 1024)
    return TRUE;
  if (!g_output_stream_write_all (ex->stream, ex->buffer->str, ex->buffer->len, NULL,
                                  ex->cancellable, &ex->error))
    return FALSE;
  g_string_truncate (ex->buffer, 0);
  return TRUE;
}

static gboolean
write_csv_entry (const SdAuditEntry *entry,
                 const char         *prev_hash,
                 gpointer            user_data)
{
  CsvExport *ex = user_data;
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (entry->at);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, entry->id);
  g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
  const char *cells[] = {
    id, when, entry->staff_name, entry->action, sd_audit_action_get_label (entry->action),
    entry->object_kind, entry->object_id, entry->detail, entry->hash,
  };

  if (g_cancellable_set_error_if_cancelled (ex->cancellable, &ex->error))
    return FALSE;
  sd_csv_append_row (ex->buffer, cells, G_N_ELEMENTS (cells));
  ex->count++;
  return flush_csv (ex, FALSE);
}

gboolean
sd_audit_export_csv (SdSession           *session,
                     const SdAuditFilter *filter,
                     GOutputStream       *stream,
                     guint64             *out_count,
                     GCancellable        *cancellable,
                     GError             **error)
{
  static const char *header[] = {
    "id", "time", "account", "action", "action_label", "object_kind", "object_id", "detail", "hash",
  };
  g_autoptr(GString) buffer = g_string_new ("\xEF\xBB\xBF");
  CsvExport ex = { buffer, stream, cancellable, NULL, 0 };
  g_autofree char *detail = NULL;

  g_return_val_if_fail (SD_IS_SESSION (session), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);

  if (!sd_session_require (session, SD_PERMISSION_VIEW_AUDIT, error))
    return FALSE;
  sd_csv_append_row (buffer, header, G_N_ELEMENTS (header));
  if (!_sd_store_audit_foreach (sd_session_get_db (session), filter, filter_staff_id (session, filter),
                                FALSE, write_csv_entry, &ex, error))
    {
      g_clear_error (&ex.error);
      return FALSE;
    }
  if (ex.error != NULL || !flush_csv (&ex, TRUE))
    {
      g_propagate_error (error, ex.error);
      return FALSE;
    }
  detail = g_strdup_printf ("%" G_GUINT64_FORMAT " entries", ex.count);
  if (!sd_audit_append (session, SD_AUDIT_AUDIT_EXPORT, NULL, NULL, detail, error))
    return FALSE;
  if (out_count)
    *out_count = ex.count;
  return TRUE;
}
